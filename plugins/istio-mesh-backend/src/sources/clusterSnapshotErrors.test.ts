import { resolve } from 'path';
import { readClusterSnapshot } from './clusterSnapshotSource';

jest.mock('./evaluateClusterMesh', () => {
  const actual = jest.requireActual('./evaluateClusterMesh');
  return {
    evaluateClusterMesh: (
      objects: unknown[],
      options: { cluster: string; rootNamespace?: string },
    ) => {
      // A bug met only on one cluster's content.
      if (options.cluster === 'edge') {
        throw new TypeError(
          "Cannot read properties of undefined (reading 'spec')",
        );
      }
      return actual.evaluateClusterMesh(objects, options);
    },
  };
});

const path = resolve(__dirname, '../../../../examples/cluster/homelab.yaml');

describe('readClusterSnapshot with a file that breaks the evaluation', () => {
  it('fails that snapshot, named, and no other', async () => {
    const [edge, homelab] = await Promise.all([
      readClusterSnapshot({ cluster: 'edge', path }, undefined),
      readClusterSnapshot({ cluster: 'homelab', path }, undefined),
    ]);
    expect(edge.source).toStrictEqual({
      id: 'snapshot:edge',
      type: 'cluster-snapshot',
      status: 'error',
      message: `cannot evaluate snapshot file ${path}: Cannot read properties of undefined (reading 'spec')`,
    });
    expect(edge.evaluation.unavailable).toBe(edge.source.message);
    expect(homelab.source.status).toBe('ok');
    expect(homelab.evaluation.workloads.length).toBeGreaterThan(5);
  });
});
