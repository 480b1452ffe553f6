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
      'DENY\ndenied by default: ALLOW policies apply (boutique-dev/checkoutservice-allow) but none matches\n',
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

  it.each([
    [['authz', homelab], /--to must be NAMESPACE\/WORKLOAD/],
    [
      ['authz', '--to', 'a/b', '--port', '99999', homelab],
      /--port must be a port number/,
    ],
    [['authz', '--to', 'a/b'], /no files or directories given/],
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
