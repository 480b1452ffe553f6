import { mockServices } from '@backstage/backend-test-utils';
import { parseAllDocuments } from 'yaml';
import {
  buildEntityMeshState,
  EntityMeshState,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  generateMesh,
  renderCatalogYaml,
} from '../../bench/scale/generateMesh';
import { readKubernetesCluster } from '../sources/kubernetes/kubernetesClusterSource';
import { startKubernetesApiTestServer } from './kubernetesApiTestServer';

// The scale benchmark's generator, at a size tests afford: its objects must
// stay what the Kubernetes source reads and its entities must map, or the
// benchmark would measure a mesh of unmapped entities.
describe('generateMesh', () => {
  const profile = {
    name: 'test',
    clusters: 2,
    namespacesPerCluster: 2,
    servicesPerNamespace: 5,
  };

  it('gives the same objects and entities for the same profile', () => {
    expect(JSON.stringify(generateMesh(profile))).toBe(
      JSON.stringify(generateMesh(profile)),
    );
  });

  it('writes a catalog file with every entity', () => {
    const { entities } = generateMesh(profile);
    const documents = parseAllDocuments(renderCatalogYaml(entities)).map(d =>
      d.toJS(),
    );
    expect(documents).toStrictEqual(entities);
    expect(entities).toHaveLength(20);
  });

  it('serves clusters the Kubernetes source reads, whose entities map', async () => {
    const { clusters, entities } = generateMesh(profile);
    const cluster = clusters[0];
    const server = await startKubernetesApiTestServer({
      objects: cluster.objects,
    });
    try {
      const read = await readKubernetesCluster(
        {
          name: cluster.name,
          url: server.url,
          serviceAccountToken: server.token,
          skipTLSVerify: true,
        },
        {
          pageSize: 7,
          requestTimeoutMs: 5000,
          concurrency: 4,
          logger: mockServices.logger.mock(),
        },
      );
      expect(read.source.status).toBe('ok');
      const states: EntityMeshState[] = entities
        .filter(
          e =>
            e.metadata.annotations?.['backstage.io/kubernetes-cluster'] ===
            cluster.name,
        )
        .map(entity =>
          buildEntityMeshState({
            entityRef: `component:default/${entity.metadata.name}`,
            annotations: entity.metadata.annotations,
            clusters: [read.evaluation],
            sources: [read.source],
            generatedAt: '2026-12-04T00:00:00Z',
          }),
        );
      expect(states).toHaveLength(10);
      const verdicts = states.map(state => ({
        entity: state.entityRef,
        workloads: state.workloads.length,
        criteria: Object.fromEntries(
          state.criteria.map(criterion => [criterion.id, criterion.status]),
        ),
      }));
      expect(verdicts).toMatchSnapshot();
    } finally {
      await server.close();
    }
  });

  it('answers label-selected LISTs as the Kubernetes plugin sends them', async () => {
    const { clusters } = generateMesh(profile);
    const server = await startKubernetesApiTestServer({
      objects: clusters[0].objects,
    });
    try {
      const response = await fetch(
        `${
          server.url
        }/api/v1/namespaces/team-1/pods?labelSelector=${encodeURIComponent(
          'backstage.io/kubernetes-id=cluster-0-team-1-svc-4',
        )}`,
        { headers: { authorization: `Bearer ${server.token}` } },
      );
      const list = await response.json();
      expect(list.items.map((p: any) => p.metadata.labels.version)).toEqual([
        'v1',
        'v2',
      ]);
    } finally {
      await server.close();
    }
  });
});
