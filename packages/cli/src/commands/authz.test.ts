import path from 'node:path';
import { main } from '../index';
import { captureIo } from '../testing/captureIo';

const homelab = path.resolve(
  __dirname,
  '../../../../examples/cluster/homelab.yaml',
);

async function run(argv: string[]) {
  const { io, stdout, stderr } = captureIo({});
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe('istio-mesh authz', () => {
  it('allows frontend to call checkout, as the example policy says', async () => {
    const result = await run([
      'authz',
      '--to',
      'boutique-dev/checkoutservice',
      '--from-principal',
      'cluster.local/ns/boutique-dev/sa/frontend',
      '--method',
      'POST',
      '--path',
      '/hipstershop.CheckoutService/PlaceOrder',
      '--port',
      '5050',
      '--format',
      'json',
      homelab,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toStrictEqual({
      decision: 'ALLOW',
      policy: 'boutique-dev/checkoutservice-allow',
      action: 'ALLOW',
      reason: 'allowed by ALLOW policy boutique-dev/checkoutservice-allow',
      enforcedBy: 'sidecar',
      protocol: 'http',
      protocolSource: 'declared by the Service port for 5050',
    });
  });

  it('denies cartservice by default and explains why in text', async () => {
    const result = await run([
      'authz',
      '--to',
      'boutique-dev/checkoutservice',
      '--from-principal',
      'cluster.local/ns/boutique-dev/sa/cartservice',
      homelab,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'DENY\nenforced by: sidecar (tcp, sniffed)\ndenied by default: ALLOW policies apply (boutique-dev/checkoutservice-allow) but none matches\n',
    );
  });

  it('allows anyone to reach emailservice, which has no policy', async () => {
    const result = await run([
      'authz',
      '--to',
      'boutique-dev/emailservice',
      '--from-ip',
      '10.244.3.3',
      '--format',
      'json',
      homelab,
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({
      decision: 'ALLOW',
      policy: null,
    });
  });

  it('treats a caller without a principal as plaintext, and --from-namespace as an mTLS peer there', async () => {
    const decide = async (...from: string[]) =>
      JSON.parse(
        (
          await run([
            'authz',
            '--to',
            'boutique-dev/checkoutservice',
            ...from,
            '--port',
            '5050',
            '--format',
            'json',
            homelab,
          ])
        ).stdout,
      );
    expect(await decide()).toMatchObject({
      decision: 'DENY',
      reason: expect.stringContaining(
        'the caller has no mTLS identity (plaintext)',
      ),
    });
    expect(await decide('--from-namespace', 'boutique-dev')).toMatchObject({
      decision: 'DENY',
      reason: expect.stringContaining(
        'the caller is an mTLS peer in namespace boutique-dev with no service account given',
      ),
    });
  });

  it('says no proxy enforces anything on redis-cart, which has no sidecar', async () => {
    const result = await run([
      'authz',
      '--to',
      'boutique-dev/redis-cart',
      '--port',
      '6379',
      '--format',
      'json',
      homelab,
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({
      decision: 'ALLOW',
      enforcedBy: 'none',
      protocol: 'tcp',
    });
  });

  it('takes TCP or HTTP from the Service port, or from --protocol', async () => {
    // checkoutservice-allow requires POST to PlaceOrder on 5050, whose
    // Service port is grpc: HTTP.
    const args = [
      'authz',
      '--to',
      'boutique-dev/checkoutservice',
      '--from-principal',
      'cluster.local/ns/boutique-dev/sa/frontend',
      '--method',
      'POST',
      '--path',
      '/hipstershop.CheckoutService/PlaceOrder',
      '--port',
      '5050',
      '--format',
      'json',
    ];
    expect(JSON.parse((await run([...args, homelab])).stdout)).toMatchObject({
      decision: 'ALLOW',
      protocol: 'http',
    });
    // On TCP the ALLOW rule, which requires POST, is dropped.
    expect(
      JSON.parse((await run([...args, '--protocol', 'tcp', homelab])).stdout),
    ).toMatchObject({ decision: 'DENY', protocol: 'tcp' });
  });

  it('normalises principals through --trust-domain and --trust-domain-alias', async () => {
    const args = [
      'authz',
      '--to',
      'boutique-dev/checkoutservice',
      '--method',
      'POST',
      '--path',
      '/hipstershop.CheckoutService/PlaceOrder',
      '--port',
      '5050',
      '--format',
      'json',
    ];
    const decision = async (...more: string[]) =>
      JSON.parse((await run([...args, ...more, homelab])).stdout).decision;
    // The policy names cluster.local/ns/boutique-dev/sa/frontend: with the
    // mesh's trust domain prod.example it stands for prod.example too.
    expect(
      await decision(
        '--from-principal',
        'prod.example/ns/boutique-dev/sa/frontend',
        '--trust-domain',
        'prod.example',
      ),
    ).toBe('ALLOW');
    expect(
      await decision(
        '--from-principal',
        'old.example/ns/boutique-dev/sa/frontend',
        '--trust-domain',
        'prod.example',
        '--trust-domain-alias',
        'old.example',
      ),
    ).toBe('ALLOW');
    expect(
      await decision(
        '--from-principal',
        'other.example/ns/boutique-dev/sa/frontend',
        '--trust-domain',
        'prod.example',
      ),
    ).toBe('DENY');
  });

  it.each([
    [['authz', homelab], /--to must be NAMESPACE\/WORKLOAD/],
    [
      ['authz', '--to', 'a/b', '--port', '99999', homelab],
      /--port must be a port number/,
    ],
    [['authz', '--to', 'a/b'], /no files or directories given/],
    [
      ['authz', '--to', 'a/b', '--protocol', 'udp', homelab],
      /--protocol must be tcp or http/,
    ],
    [
      ['authz', '--to', 'boutique-dev/nope', homelab],
      /no workload boutique-dev\/nope/,
    ],
  ])('exits 2 for %p', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
