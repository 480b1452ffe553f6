import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { FileReadBudget } from './fileReadLimits';
import { readBoundedFile } from './readBoundedFile';

jest.setTimeout(60_000);

describe('readBoundedFile', () => {
  const folder = createMockDirectory();

  it('refuses a FIFO at once unless special files are allowed, then reads what is written', async () => {
    folder.clear();
    const pipe = folder.resolve('rendered.yaml');
    execFileSync('mkfifo', [pipe]);
    await expect(readBoundedFile(pipe)).rejects.toThrow(
      `cannot read ${pipe}: is a FIFO, not a regular file`,
    );

    // As with `istio-mesh analyze <(kustomize build .)`.
    const reading = readBoundedFile(pipe, { allowSpecialFiles: true });
    const writer = createWriteStream(pipe);
    writer.end('kind: Namespace\n');
    await expect(reading).resolves.toBe('kind: Namespace\n');
  });

  it('never reads past the file limit, even from an endless device', async () => {
    await expect(
      readBoundedFile('/dev/zero', {
        allowSpecialFiles: true,
        budget: new FileReadBudget({ maxFileBytes: 4096, maxReadBytes: 8192 }),
      }),
    ).rejects.toThrow(
      'cannot read /dev/zero: is over the 4 KiB limit of one file',
    );
  });
});
