import { isManifestCandidate, repositoryPath } from './repositoryFile';

describe('isManifestCandidate', () => {
  it.each([
    'apps/dev/kustomization.yaml',
    'apps/dev/kustomization.yml',
    'apps/dev/Kustomization',
    'clusters/homelab/argocd/kiali.yaml',
    'infrastructure/kiali.YML',
    'dashboards/istio-mesh.json',
    'namespace.yaml',
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
    ['../elsewhere', '../elsewhere'],
  ])('%s -> %s', (path, expected) => {
    expect(repositoryPath(path)).toBe(expected);
  });
});
