import { readdir } from 'node:fs/promises';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { writeManifestFile } from './writeManifestFile';

const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: frontend
  namespace: boutique-dev
spec:
  hosts:
    - frontend
  http:
    - route:
        - destination:
            host: frontend
`;

describe('writeManifestFile', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();

  beforeEach(() => {
    outside.clear();
    workspace.setContent({
      'apps/base/existing.yaml': VIRTUAL_SERVICE,
      'apps/base/folder.yaml': {},
      escape: ({ symlink }) => symlink(outside.path),
    });
  });

  const write = (path: string, content: string, overwrite?: boolean) =>
    writeManifestFile({
      workspacePath: workspace.path,
      path,
      content,
      overwrite,
      field: 'targetPath',
    });

  it('creates the file and its parent folders', async () => {
    await expect(
      write(
        './apps/overlays/dev/frontend/virtualservice.yaml',
        VIRTUAL_SERVICE,
      ),
    ).resolves.toStrictEqual({
      path: 'apps/overlays/dev/frontend/virtualservice.yaml',
      status: 'created',
    });
    expect(
      workspace.content({ path: 'apps/overlays/dev/frontend' }),
    ).toStrictEqual({ 'virtualservice.yaml': VIRTUAL_SERVICE });
  });

  it('leaves a file with the same content unchanged', async () => {
    await expect(
      write('apps/base/existing.yaml', VIRTUAL_SERVICE),
    ).resolves.toStrictEqual({
      path: 'apps/base/existing.yaml',
      status: 'unchanged',
    });
  });

  it('is idempotent: writing twice gives byte-identical files', async () => {
    await write('apps/new.yaml', VIRTUAL_SERVICE);
    const first = workspace.content({ path: 'apps' });
    await expect(
      write('apps/new.yaml', VIRTUAL_SERVICE),
    ).resolves.toStrictEqual({ path: 'apps/new.yaml', status: 'unchanged' });
    expect(workspace.content({ path: 'apps' })).toStrictEqual(first);
  });

  it('refuses to replace different content unless overwrite is set', async () => {
    const changed = VIRTUAL_SERVICE.replace('frontend\n', 'frontend-v2\n');
    await expect(write('apps/base/existing.yaml', changed)).rejects.toThrow(
      new InputError(
        'apps/base/existing.yaml already exists with different content; set overwrite: true to replace it',
      ),
    );
    expect(workspace.content({ path: 'apps/base' })).toMatchObject({
      'existing.yaml': VIRTUAL_SERVICE,
    });

    await expect(
      write('apps/base/existing.yaml', changed, true),
    ).resolves.toStrictEqual({
      path: 'apps/base/existing.yaml',
      status: 'overwritten',
    });
    expect(workspace.content({ path: 'apps/base' })).toMatchObject({
      'existing.yaml': changed,
    });
  });

  it('leaves no temporary files behind', async () => {
    await write('apps/base/existing.yaml', 'kind: Service\n', true);
    expect(
      (await readdir(workspace.resolve('apps/base'))).sort(),
    ).toStrictEqual(['existing.yaml', 'folder.yaml']);
  });

  it('refuses a folder', async () => {
    await expect(
      write('apps/base/folder.yaml', 'x: 1\n', true),
    ).rejects.toThrow(
      new InputError(
        'Invalid targetPath "apps/base/folder.yaml": it is a folder, not a file',
      ),
    );
    await expect(write('.', 'x: 1\n', true)).rejects.toThrow(
      new InputError(
        'Invalid targetPath ".": it names the workspace folder, not a file',
      ),
    );
  });

  it.each([
    ['../evil.yaml', "'..' leads outside the workspace"],
    ['/tmp/evil.yaml', 'an absolute path is not allowed'],
    ['escape/evil.yaml', 'a symbolic link on the path leads outside'],
  ])('writes nothing outside the workspace for %j', async (path, reason) => {
    const error = await write(path, 'x: 1\n', true).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('Invalid targetPath');
    expect(error.message).toContain(reason);
    expect(outside.content()).toStrictEqual({});
  });
});
