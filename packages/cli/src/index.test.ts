import { resolve } from 'node:path';
import { main } from './index';
import { captureIo } from './testing/captureIo';

describe('main', () => {
  it.each([['--help'], ['-h'], ['help']])(
    'prints the command list for %s and exits 0',
    async flag => {
      const { io, stdout, stderr } = captureIo();
      await expect(main([flag], io)).resolves.toBe(0);
      expect(stdout()).toContain('Usage: istio-mesh <command> [options]');
      expect(stdout()).toMatch(/^ {2}analyze {2}run istioctl's analyzers/m);
      expect(stdout()).toMatch(/^ {2}authz {4}decide whether a request/m);
      expect(stdout()).toMatch(/^ {2}report {3}evaluate the mesh criteria/m);
      expect(stderr()).toBe('');
    },
  );

  it('prints the command list to stderr and exits 2 without arguments', async () => {
    const { io, stdout, stderr } = captureIo();
    await expect(main([], io)).resolves.toBe(2);
    expect(stdout()).toBe('');
    expect(stderr()).toContain('Usage: istio-mesh <command> [options]');
  });

  it.each([[['report', '--help']], [['report', '-h']], [['help', 'report']]])(
    'prints the usage of report for %j',
    async argv => {
      const { io, stdout, stderr } = captureIo();
      await expect(main(argv, io)).resolves.toBe(0);
      expect(stdout()).toMatch(/^Usage: istio-mesh report \[options\]/);
      expect(stdout()).toContain('--root-namespace');
      expect(stderr()).toBe('');
    },
  );

  it('rejects an unknown command with exit code 2', async () => {
    const { io, stdout, stderr } = captureIo();
    await expect(main(['analyse', 'manifests/'], io)).resolves.toBe(2);
    expect(stdout()).toBe('');
    expect(stderr()).toBe(
      "istio-mesh: unknown command 'analyse'\nRun 'istio-mesh --help' for usage.\n",
    );
  });

  it('exits 3 on an internal error, never 1 (findings) or 2 (usage)', async () => {
    const { io, stderr } = captureIo();
    // Writing the report fails as a closed pipe does.
    io.stdout.write = () => {
      throw new Error('write EPIPE');
    };
    const code = await main(
      ['report', resolve(__dirname, '../../../examples/cluster/homelab.yaml')],
      io,
    );
    expect(code).toBe(3);
    expect(stderr()).toMatch(
      /^istio-mesh report: internal error: Error: write EPIPE/,
    );
  });
});
