import { execFileSync } from 'node:child_process';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { readFolderFiles } from './readFolderFiles';
import { UnreadableFileError } from './unreadableFileError';

jest.setTimeout(60_000);

const failingFolders = new Set<string>();

jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual('node:fs/promises');
  return {
    ...actual,
    readdir: jest.fn(async (path: string, options: unknown) => {
      if (failingFolders.has(path)) {
        throw Object.assign(new Error(`EACCES: permission denied, ${path}`), {
          code: 'EACCES',
        });
      }
      return actual.readdir(path, options);
    }),
  };
});

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
`;

describe('readFolderFiles', () => {
  const folder = createMockDirectory();
  const outside = createMockDirectory();

  beforeEach(() => {
    failingFolders.clear();
    folder.clear();
    outside.clear();
  });

  it('reads manifests and kustomizations recursively, in path order', async () => {
    folder.setContent({
      'clusters/homelab/namespace.yaml': NAMESPACE,
      'apps/shop/Kustomization': 'resources: []\n',
      'apps/shop/values.yml': 'replicas: 2\n',
      'dashboards/mesh.json': '{ "title": "Mesh" }',
      'README.md': '# GitOps',
      '.git/config': '[core]',
      '.github/workflows/ci.yaml': 'on: push\n',
      'tools/node_modules/chart/values.yaml': 'replicas: 2\n',
    });
    expect(await readFolderFiles(folder.path)).toStrictEqual({
      files: [
        { path: 'apps/shop/Kustomization', content: 'resources: []\n' },
        { path: 'apps/shop/values.yml', content: 'replicas: 2\n' },
        { path: 'clusters/homelab/namespace.yaml', content: NAMESPACE },
        { path: 'dashboards/mesh.json', content: '{ "title": "Mesh" }' },
      ],
      unreadable: [],
    });
  });

  it('reads links to files inside the folder, never links that leave it or lead to folders', async () => {
    outside.setContent({ 'secret.yaml': 'token: abc\n' });
    folder.setContent({
      'shared/namespace.yaml': NAMESPACE,
      'apps/namespace.yaml': ({ symlink }) =>
        symlink('../shared/namespace.yaml'),
      'apps/loop': ({ symlink }) => symlink('..'),
      'apps/escape.yaml': ({ symlink }) =>
        symlink(outside.resolve('secret.yaml')),
      'apps/gone.yaml': ({ symlink }) => symlink('./deleted.yaml'),
    });
    const { files, unreadable } = await readFolderFiles(folder.path);
    expect(files.map(f => f.path)).toEqual([
      'apps/namespace.yaml',
      'shared/namespace.yaml',
    ]);
    expect(unreadable).toStrictEqual([
      {
        path: 'apps/escape.yaml',
        reason: 'is a symbolic link leading outside the folder',
      },
      {
        path: 'apps/gone.yaml',
        reason: 'no such file or directory (ENOENT)',
      },
    ]);
    expect(JSON.stringify(files)).not.toContain('token');
  });

  it('does not wait on a FIFO, nor on a link to one', async () => {
    folder.setContent({ 'apps/namespace.yaml': NAMESPACE });
    execFileSync('mkfifo', [folder.resolve('apps/pipe.yaml')]);
    folder.addContent({
      'apps/to-pipe.yaml': ({ symlink }) => symlink('./pipe.yaml'),
    });
    const { files, unreadable } = await readFolderFiles(folder.path);
    expect(files.map(f => f.path)).toEqual(['apps/namespace.yaml']);
    expect(unreadable).toStrictEqual([
      { path: 'apps/pipe.yaml', reason: 'is a FIFO, not a regular file' },
      { path: 'apps/to-pipe.yaml', reason: 'is a FIFO, not a regular file' },
    ]);
  });

  it('skips a file over the file limit and stops at the read limit, reading the rest', async () => {
    folder.setContent({
      'a.yaml': 'a'.repeat(600),
      'b-huge.yaml': 'b'.repeat(5000),
      'c.yaml': 'c'.repeat(300),
      'd.yaml': 'd'.repeat(300),
      'e.yaml': 'e'.repeat(100),
    });
    const { files, unreadable } = await readFolderFiles(folder.path, {
      limits: { maxFileBytes: 1024, maxReadBytes: 1000 },
    });
    expect(files.map(f => f.path)).toEqual(['a.yaml', 'c.yaml', 'e.yaml']);
    expect(unreadable).toStrictEqual([
      {
        path: 'b-huge.yaml',
        reason: 'is 4.9 KiB, over the 1 KiB limit of one file',
      },
      {
        path: 'd.yaml',
        reason:
          'not read: the files before it reached the 1000 bytes limit of one read',
      },
    ]);
  });

  it('reports an unreadable sub-folder and keeps the rest', async () => {
    folder.setContent({
      'apps/namespace.yaml': NAMESPACE,
      'team-secrets/sealed.yaml': NAMESPACE,
    });
    // Root may read any folder, so the refusal is simulated.
    failingFolders.add(folder.resolve('team-secrets'));
    const { files, unreadable } = await readFolderFiles(folder.path);
    expect(files.map(f => f.path)).toEqual(['apps/namespace.yaml']);
    expect(unreadable).toStrictEqual([
      { path: 'team-secrets/', reason: 'permission denied (EACCES)' },
    ]);
  });

  it('stops at the first unreadable file under the throw policy, naming it', async () => {
    folder.setContent({ 'a.yaml': NAMESPACE, 'b.yaml': 'b'.repeat(5000) });
    const error = await readFolderFiles(folder.path, {
      limits: { maxFileBytes: 1024, maxReadBytes: 1 << 20 },
      onUnreadable: 'throw',
    }).catch(e => e);
    expect(error).toBeInstanceOf(UnreadableFileError);
    expect(error.message).toBe(
      'cannot read b.yaml: is 4.9 KiB, over the 1 KiB limit of one file',
    );
  });

  it('throws when the folder itself cannot be read, or the read is aborted', async () => {
    await expect(
      readFolderFiles(folder.resolve('missing')),
    ).rejects.toMatchObject({ code: 'ENOENT' });

    folder.setContent({ 'a.yaml': NAMESPACE });
    const controller = new AbortController();
    controller.abort(new Error('refresh stopped'));
    await expect(
      readFolderFiles(folder.path, { signal: controller.signal }),
    ).rejects.toThrow('refresh stopped');
  });
});
