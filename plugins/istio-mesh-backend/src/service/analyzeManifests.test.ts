import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesObject } from '@istio-mesh/plugin-istio-mesh-common';
import { ConfigReader } from '@backstage/config';
import { readIstioMeshConfig } from '../config';
import { LiveMeshes, ManifestAnalyzer } from './analyzeManifests';
import { ManifestAnalysisInput } from './analysis/manifestAnalysisTask';

const object = (kind: string, name: string, namespace?: string) =>
  ({
    apiVersion: 'v1',
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  } as KubernetesObject);

const live: LiveMeshes = {
  meshes: [
    {
      cluster: 'homelab',
      rootNamespace: 'mesh-root',
      objects: [
        object('Service', 'cart', 'shop'),
        object('Service', 'ledger', 'payments'),
        object('PeerAuthentication', 'default', 'mesh-root'),
        object('ConfigMap', 'istio', 'mesh-root'),
      ],
    },
  ],
  sources: [],
  clusters: ['homelab'],
};

function analyzerWith(istioMesh: object) {
  const inputs: ManifestAnalysisInput[] = [];
  const config = readIstioMeshConfig(new ConfigReader({ istioMesh }), '/');
  const analyzer = new ManifestAnalyzer({
    liveMesh: { liveMeshes: async () => live },
    readable: { readableNamespaces: async () => new Set(['shop']) },
    limits: config.analyze,
    rootNamespace: config.rootNamespace,
    run: async input => {
      inputs.push(input);
      return {
        outcome: 'analyzed',
        messages: [],
        problems: [],
        authorizationImpact: [],
        notChecked: [],
      };
    },
  });
  return { analyzer, inputs };
}

describe('ManifestAnalyzer', () => {
  const request = { files: [{ path: 'a.yaml', content: '' }] };
  const caller = { credentials: mockCredentials.user() };

  it("uses the cluster's own root namespace for what the caller sees", async () => {
    const { analyzer, inputs } = analyzerWith({});
    await analyzer.analyze(request, caller);
    expect(inputs[0].rootNamespace).toBe('mesh-root');
    expect(inputs[0].meshSettings).toBeUndefined();
    expect(
      inputs[0].live?.objects.map(
        o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
      ),
    ).toEqual([
      'Service shop/cart',
      'PeerAuthentication mesh-root/default',
      'ConfigMap mesh-root/istio',
    ]);
  });

  it('passes istioMesh.rootNamespace on as an explicit mesh setting', async () => {
    const { analyzer, inputs } = analyzerWith({ rootNamespace: 'mesh-root' });
    await analyzer.analyze(request, caller);
    expect(inputs[0].meshSettings).toEqual({
      rootNamespace: { value: 'mesh-root', setting: 'istioMesh.rootNamespace' },
    });
  });
});
