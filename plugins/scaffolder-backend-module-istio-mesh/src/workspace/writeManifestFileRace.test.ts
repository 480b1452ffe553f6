import { readdirSync, renameSync, symlinkSync } from 'node:fs';
import { NotAllowedError } from '@backstage/errors';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { writeManifestFile } from './writeManifestFile';

const swapAfterWrite: { folder?: string; outside?: string } = {};

jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual('node:fs/promises');
  return {
    ...actual,
    // Between the temporary file's write and its rename, the target's
    // folder is swapped for a link to a folder outside the workspace.
    writeFile: jest.fn(async (...args: unknown[]) => {
      await actual.writeFile(...args);
      const { folder, outside } = swapAfterWrite;
      if (folder && outside) {
        renameSync(folder, `${folder}.moved`);
        symlinkSync(outside, folder);
      }
    }),
  };
});

describe('writeManifestFile against a swapped folder', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();

  it('checks the real folder again just before the rename, and writes nothing outside', async () => {
    workspace.setContent({ 'apps/istio/.keep': '' });
    outside.setContent({});
    swapAfterWrite.folder = workspace.resolve('apps/istio');
    swapAfterWrite.outside = outside.path;

    await expect(
      writeManifestFile({
        workspacePath: workspace.path,
        path: 'apps/istio/peer-authentication.yaml',
        content: 'kind: PeerAuthentication\n',
        field: 'path',
      }),
    ).rejects.toThrow(
      new NotAllowedError(
        'the folder of the file was replaced by a link leading outside the workspace',
      ),
    );
    expect(readdirSync(outside.path)).toEqual([]);
  });
});
