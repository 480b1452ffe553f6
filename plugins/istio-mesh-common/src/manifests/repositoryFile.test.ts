import {
  folderOf,
  isManifestCandidate,
  joinRepositoryPath,
  repositoryPath,
} from './repositoryFile';

describe('isManifestCandidate', () => {
  it.each([
    'apps/dev/kustomization.yaml',
    'apps/dev/kustomization.yml',
    'apps/dev/Kustomization',
    'clusters/homelab/argocd/kiali.yaml',
    'infrastructure/kiali.YML',
    'dashboards/istio-mesh.json',
    'namespace.yaml',
    './apps/dev/service.yaml',
  ])('reads %s', path => {
    expect(isManifestCandidate(path)).toBe(true);
  });

  it.each([
    'README.md',
    'scripts/bootstrap.sh',
    '.git/HEAD',
    '.github/workflows/validate.yaml',
    'apps/.old/deployment.yaml',
    'apps/kustomization',
    'ui/node_modules/chart/values.yaml',
    'apps/.yaml',
  ])('skips %s', path => {
    expect(isManifestCandidate(path)).toBe(false);
  });
});

describe('repositoryPath', () => {
  it.each([
    ['./apps//dev/', 'apps/dev'],
    ['/apps/dev/x.yaml', 'apps/dev/x.yaml'],
    ['apps/dev/../base', 'apps/base'],
    ['.', ''],
    ['', ''],
    ['../elsewhere', '../elsewhere'],
    ['apps/../../elsewhere/./x.yaml', '../elsewhere/x.yaml'],
    ['/../apps', 'apps'],
  ])('%s -> %s', (path, expected) => {
    expect(repositoryPath(path)).toBe(expected);
  });
});

describe('folderOf', () => {
  it.each([
    ['apps/dev/kustomization.yaml', 'apps/dev'],
    ['kustomization.yaml', ''],
  ])('%s -> %s', (path, expected) => {
    expect(folderOf(path)).toBe(expected);
  });
});

describe('joinRepositoryPath', () => {
  it.each([
    [
      'apps/dev/online-boutique',
      '../../base/online-boutique/base',
      'apps/base/online-boutique/base',
    ],
    ['apps/base', 'istio/', 'apps/base/istio'],
    ['', './service.yaml', 'service.yaml'],
    ['', '.', ''],
    ['apps', '../../elsewhere', '../elsewhere'],
  ])('%s + %s -> %s', (folder, relative, expected) => {
    expect(joinRepositoryPath(folder, relative)).toBe(expected);
  });
});
