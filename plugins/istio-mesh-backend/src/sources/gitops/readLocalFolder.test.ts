import { createMockDirectory } from '@backstage/backend-test-utils';
import { readLocalFolder } from './readLocalFolder';

const failingFolders = new Set<string>();

jest.mock('fs/promises', () => {
  const actual = jest.requireActual('fs/promises');
  return {
    ...actual,
    // Root may read any folder, so an unreadable one is simulated.
    readdir: jest.fn(async (path: string, options: unknown) => {
      if ([...failingFolders].some(folder => path.endsWith(folder))) {
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

describe('readLocalFolder', () => {
  const mockDir = createMockDirectory();

  afterEach(() => failingFolders.clear());

  it('reads manifests and kustomizations recursively, in path order', async () => {
    mockDir.setContent({
      'clusters/homelab/namespace.yaml': NAMESPACE,
      'apps/shop/Kustomization': 'resources: []\n',
      'apps/shop/values.yml': 'replicas: 2\n',
      'dashboards/mesh.json': '{ "title": "Mesh" }',
      'README.md': '# GitOps',
      'scripts/bootstrap.sh': 'kubectl apply -k .',
      '.git/config': '[core]',
      '.github/workflows/ci.yaml': 'on: push\n',
      'apps/.archive/old.yaml': NAMESPACE,
      'tools/node_modules/chart/values.yaml': 'replicas: 2\n',
    });
    const { files, problems } = await readLocalFolder(mockDir.path);
    expect(files).toStrictEqual([
      { path: 'apps/shop/Kustomization', content: 'resources: []\n' },
      { path: 'apps/shop/values.yml', content: 'replicas: 2\n' },
      { path: 'clusters/homelab/namespace.yaml', content: NAMESPACE },
      { path: 'dashboards/mesh.json', content: '{ "title": "Mesh" }' },
    ]);
    expect(problems).toEqual([]);
  });

  it('reads links to files but does not follow links to folders', async () => {
    mockDir.setContent({
      'shared/namespace.yaml': NAMESPACE,
      'apps/namespace.yaml': ({ symlink }) =>
        symlink('../shared/namespace.yaml'),
      'apps/loop': ({ symlink }) => symlink('..'),
    });
    const { files, problems } = await readLocalFolder(mockDir.path);
    expect(files.map(f => f.path)).toEqual([
      'apps/namespace.yaml',
      'shared/namespace.yaml',
    ]);
    expect(problems).toEqual([]);
  });

  it('reports a dangling link and keeps the rest', async () => {
    mockDir.setContent({
      'namespace.yaml': NAMESPACE,
      'gone.yaml': ({ symlink }) => symlink('./deleted.yaml'),
    });
    const { files, problems } = await readLocalFolder(mockDir.path);
    expect(files.map(f => f.path)).toEqual(['namespace.yaml']);
    expect(problems).toStrictEqual([
      { file: 'gone.yaml', message: 'cannot read (ENOENT)' },
    ]);
  });

  it('reports an unreadable sub-folder and keeps the rest', async () => {
    mockDir.setContent({
      'apps/namespace.yaml': NAMESPACE,
      'team-secrets/sealed.yaml': NAMESPACE,
    });
    failingFolders.add('team-secrets');
    const { files, problems } = await readLocalFolder(mockDir.path);
    expect(files.map(f => f.path)).toEqual(['apps/namespace.yaml']);
    expect(problems).toStrictEqual([
      { file: 'team-secrets/', message: 'cannot read folder (EACCES)' },
    ]);
  });

  it('throws when the folder itself cannot be read', async () => {
    await expect(
      readLocalFolder(mockDir.resolve('missing')),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
