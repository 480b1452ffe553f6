import { execFileSync } from 'node:child_process';
import { InputError } from '@backstage/errors';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { readWorkspaceFiles } from './readWorkspaceFiles';

jest.setTimeout(60_000);

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';

describe('readWorkspaceFiles', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();

  beforeEach(() => {
    workspace.clear();
    outside.setContent({ 'secret.yaml': 'password: hunter2\n' });
  });

  it('reads the manifests of the workspace in path order', async () => {
    workspace.setContent({
      'apps/b.yaml': NAMESPACE,
      'apps/a.yaml': NAMESPACE,
      'apps/linked.yaml': ({ symlink }) => symlink('./a.yaml'),
      'README.md': '# shop',
    });
    expect((await readWorkspaceFiles(workspace.path)).map(f => f.path)).toEqual(
      ['apps/a.yaml', 'apps/b.yaml', 'apps/linked.yaml'],
    );
  });

  it('refuses a link to a file outside the workspace without echoing it', async () => {
    workspace.setContent({
      'apps/a.yaml': NAMESPACE,
      'apps/escape.yaml': ({ symlink }) =>
        symlink(outside.resolve('secret.yaml')),
    });
    const error = await readWorkspaceFiles(workspace.path).catch(e => e);
    expect(error).toEqual(
      new InputError(
        'Cannot read the workspace file apps/escape.yaml: is a symbolic link leading outside the folder',
      ),
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a FIFO at once instead of waiting on it', async () => {
    workspace.setContent({ 'apps/a.yaml': NAMESPACE });
    execFileSync('mkfifo', [workspace.resolve('apps/pipe.yaml')]);
    await expect(readWorkspaceFiles(workspace.path)).rejects.toEqual(
      new InputError(
        'Cannot read the workspace file apps/pipe.yaml: is a FIFO, not a regular file',
      ),
    );
  });
});
