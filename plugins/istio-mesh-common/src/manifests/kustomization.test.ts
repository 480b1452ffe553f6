import { isRemoteResource, parseKustomization } from './kustomization';

describe('parseKustomization', () => {
  it('reads namespace and resources with their lines', () => {
    const content = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'namespace: boutique-dev',
      'resources:',
      '  - ../../base/online-boutique/base',
      '  - namespace.yaml # created by Argo CD otherwise',
      'patches:',
      '  - path: replicas.yaml',
      '',
    ].join('\n');
    expect(
      parseKustomization({
        path: 'apps/dev/online-boutique/kustomization.yaml',
        content,
      }),
    ).toStrictEqual({
      kustomization: {
        file: 'apps/dev/online-boutique/kustomization.yaml',
        directory: 'apps/dev/online-boutique',
        namespace: 'boutique-dev',
        resources: [
          { entry: '../../base/online-boutique/base', line: 5 },
          { entry: 'namespace.yaml', line: 6 },
        ],
      },
      problems: [],
    });
  });

  it('reads a kustomization at the repository root', () => {
    expect(
      parseKustomization({
        path: 'Kustomization',
        content: 'resources: [a.yaml]',
      }).kustomization,
    ).toStrictEqual({
      file: 'Kustomization',
      directory: '',
      resources: [{ entry: 'a.yaml', line: 1 }],
    });
  });

  it('takes an empty file as a kustomization of nothing', () => {
    expect(
      parseKustomization({ path: 'kustomization.yaml', content: '# todo\n' }),
    ).toStrictEqual({
      kustomization: {
        file: 'kustomization.yaml',
        directory: '',
        resources: [],
      },
      problems: [],
    });
  });

  it('names the file and line of invalid YAML', () => {
    const { kustomization, problems } = parseKustomization({
      path: 'apps/kustomization.yaml',
      content: 'resources:\n  - a.yaml\n bad: x\n',
    });
    expect(kustomization.resources).toEqual([]);
    expect(problems).toStrictEqual([
      {
        file: 'apps/kustomization.yaml',
        line: 3,
        message:
          'invalid YAML: All mapping items must start at the same column at line 3, column 1',
      },
    ]);
  });

  it('names the field of entries it cannot use, and keeps the others', () => {
    const { kustomization, problems } = parseKustomization({
      path: 'apps/kustomization.yaml',
      content: [
        'namespace: [shop]',
        'resources:',
        '  - deployment.yaml',
        '  - { path: service.yaml }',
        '',
      ].join('\n'),
    });
    expect(kustomization).toStrictEqual({
      file: 'apps/kustomization.yaml',
      directory: 'apps',
      resources: [{ entry: 'deployment.yaml', line: 3 }],
    });
    expect(problems).toStrictEqual([
      {
        file: 'apps/kustomization.yaml',
        line: 1,
        field: 'namespace',
        message: 'namespace: must be a string',
      },
      {
        file: 'apps/kustomization.yaml',
        line: 4,
        field: 'resources[1]',
        message: 'resources[1]: must be a file, folder or URL',
      },
    ]);
  });

  it('rejects resources that are not a list', () => {
    expect(
      parseKustomization({
        path: 'kustomization.yaml',
        content: 'resources: deployment.yaml\n',
      }).problems,
    ).toStrictEqual([
      {
        file: 'kustomization.yaml',
        line: 1,
        field: 'resources',
        message: 'resources: must be a list',
      },
    ]);
  });
});

describe('isRemoteResource', () => {
  it.each([
    'https://raw.githubusercontent.com/istio/istio/release-1.26/samples/addons/kiali.yaml',
    'https://github.com/argoproj/argo-cd//manifests/cluster-install?ref=v2.13.0',
    'github.com/kubernetes-sigs/kustomize/examples/multibases?ref=v1.0.6',
    'git@github.com:homelab/platform.git//istio',
    'ssh://git@git.example.com/homelab/platform.git',
    'git::https://git.example.com/homelab/platform.git',
  ])('%s is remote', entry => {
    expect(isRemoteResource(entry)).toBe(true);
  });

  it.each(['deployment.yaml', '../base', 'istio/', './github.com.yaml'])(
    '%s is local',
    entry => {
      expect(isRemoteResource(entry)).toBe(false);
    },
  );
});
