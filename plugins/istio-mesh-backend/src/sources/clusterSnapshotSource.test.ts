import { resolve } from 'path';
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
