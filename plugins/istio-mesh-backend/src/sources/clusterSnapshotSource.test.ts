import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { readClusterSnapshot } from './clusterSnapshotSource';

const homelab = {
  cluster: 'homelab',
  path: resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
};

describe('readClusterSnapshot', () => {
  it('evaluates the snapshot under its own mesh configuration', async () => {
    const { evaluation, source } = await readClusterSnapshot(
      homelab,
      undefined,
    );
    expect(source.status).toBe('ok');
    expect(evaluation.controlPlane?.meshConfig).toMatchObject({
      rootNamespace: 'istio-system',
      source: 'ConfigMap istio-system/istio-default-v1-26-4',
      explicit: {},
      conflicts: [],
    });
  });

  it('lets istioMesh.rootNamespace win, and says where it disagrees', async () => {
    const { evaluation } = await readClusterSnapshot(homelab, 'istio-config');
    expect(evaluation.controlPlane?.rootNamespace).toBe('istio-config');
    expect(evaluation.controlPlane?.meshConfig).toMatchObject({
      rootNamespace: 'istio-config',
      explicit: { rootNamespace: 'istioMesh.rootNamespace' },
      conflicts: [
        'istioMesh.rootNamespace istio-config disagrees with ConfigMap istio-system/istio-default-v1-26-4 (rootNamespace: istio-system); istio-config is used',
        'istioMesh.rootNamespace istio-config disagrees with Istio default (rootNamespace: istio-system); istio-config is used',
      ],
    });
    // istio-system is no longer the root namespace: its mesh-wide
    // PERMISSIVE policy stops applying to paymentservice.
    const payment = evaluation.workloads.find(
      w => w.report.name === 'paymentservice',
    );
    expect(payment?.report.mtls.policies).toStrictEqual([
      'boutique-dev/default',
      'boutique-dev/paymentservice-permissive',
    ]);
  });
});

describe('readClusterSnapshot with a hostile file', () => {
  const folder = createMockDirectory();

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    folder.clear();
    const path = folder.resolve('homelab.yaml');
    execFileSync('mkfifo', [path]);
    const { evaluation, source } = await readClusterSnapshot(
      { cluster: 'homelab', path },
      undefined,
    );
    expect(source).toStrictEqual({
      id: 'snapshot:homelab',
      type: 'cluster-snapshot',
      status: 'error',
      message: `cannot read snapshot file ${path}: is a FIFO, not a regular file`,
    });
    expect(evaluation.unavailable).toBe(source.message);
  });

  it('refuses a snapshot over maxReadBytes, naming the limit', async () => {
    const { source } = await readClusterSnapshot(homelab, undefined, {
      limits: { maxFileBytes: 1024, maxReadBytes: 64 * 1024 },
    });
    expect(source.status).toBe('error');
    expect(source.message).toMatch(
      /^cannot read snapshot file .*homelab\.yaml: is [\d.]+ KiB, over the 64 KiB limit of one file$/,
    );
  });

  it('makes a document that breaks the parser a skipped object, not a failed file', async () => {
    folder.setContent({
      'edge.yaml': `${readFileSync(homelab.path, 'utf8')}
---
apiVersion: v1
kind: constructor
metadata:
  name: __proto__
  namespace: boutique-dev
spec:
  toString: 1
`,
    });
    const { source, evaluation } = await readClusterSnapshot(
      { cluster: 'edge', path: folder.resolve('edge.yaml') },
      undefined,
    );
    expect(source.status).toBe('ok');
    expect(evaluation.workloads.length).toBeGreaterThan(5);
  });
});
