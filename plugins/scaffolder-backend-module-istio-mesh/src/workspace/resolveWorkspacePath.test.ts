import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { resolveWorkspacePath } from './resolveWorkspacePath';

describe('resolveWorkspacePath', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();

  beforeEach(() => {
    outside.setContent({ 'secret.yaml': 'kind: Secret\n' });
    workspace.setContent({
      'apps/base/frontend/virtualservice.yaml': 'kind: VirtualService\n',
      'apps/overlays/dev': {},
      'inside-link': ({ symlink }) => symlink(workspace.resolve('apps/base')),
      'escape-dir': ({ symlink }) => symlink(outside.path),
      'escape-file.yaml': ({ symlink }) =>
        symlink(outside.resolve('secret.yaml')),
      'dangling.yaml': ({ symlink }) =>
        symlink(outside.resolve('not-yet-there.yaml')),
    });
  });

  const resolve = (path: string) =>
    resolveWorkspacePath(workspace.path, path, 'targetPath');

  it('resolves a relative path inside the workspace', async () => {
    await expect(
      resolve('apps/base/frontend/virtualservice.yaml'),
    ).resolves.toBe(
      workspace.resolve('apps/base/frontend/virtualservice.yaml'),
    );
  });

  it('resolves a file that does not exist yet', async () => {
    await expect(resolve('apps/new/folder/policy.yaml')).resolves.toBe(
      workspace.resolve('apps/new/folder/policy.yaml'),
    );
  });

  it('allows .. that stays inside the workspace', async () => {
    await expect(resolve('apps/overlays/dev/../../base')).resolves.toBe(
      workspace.resolve('apps/base'),
    );
  });

  it('allows a symbolic link that stays inside the workspace', async () => {
    await expect(
      resolve('inside-link/frontend/virtualservice.yaml'),
    ).resolves.toBe(
      workspace.resolve('inside-link/frontend/virtualservice.yaml'),
    );
  });

  it.each([
    ['../outside.yaml', "'..' leads outside the workspace"],
    ['apps/../../outside.yaml', "'..' leads outside the workspace"],
    ['..', "'..' leads outside the workspace"],
    ['/etc/passwd', 'an absolute path is not allowed'],
    ['C:\\Windows\\system.ini', 'a Windows drive path is not allowed'],
    ['c:/temp/x.yaml', 'a Windows drive path is not allowed'],
    ['apps\\base\\x.yaml', 'use forward slashes'],
    ['apps/x\0.yaml', 'the path contains a NUL byte'],
    ['escape-dir/secret.yaml', 'a symbolic link on the path leads outside'],
    ['escape-dir/new/file.yaml', 'a symbolic link on the path leads outside'],
    ['escape-file.yaml', 'a symbolic link on the path leads outside'],
    ['dangling.yaml', 'a symbolic link on the path leads outside'],
  ])('rejects %j naming the field', async (path, reason) => {
    const error = await resolve(path).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      `Invalid targetPath ${JSON.stringify(path)}`,
    );
    expect(error.message).toContain(reason);
  });

  it('resolves relative to a folder inside the workspace', async () => {
    const from = workspace.resolve('apps/overlays/dev');
    await expect(
      resolveWorkspacePath(workspace.path, '../../base', 'resources[0]', {
        from,
      }),
    ).resolves.toBe(workspace.resolve('apps/base'));
    await expect(
      resolveWorkspacePath(
        workspace.path,
        '../../../../x.yaml',
        'resources[1]',
        {
          from,
        },
      ),
    ).rejects.toThrow(
      new InputError(
        `Invalid resources[1] "../../../../x.yaml": '..' leads outside the workspace`,
      ),
    );
  });

  it.each(['', '   '])('rejects the empty path %j', async path => {
    await expect(resolve(path)).rejects.toThrow(
      new InputError('Invalid targetPath: the path is empty'),
    );
  });
});
