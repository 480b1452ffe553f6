import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EntityControlPlane } from '@istio-mesh/plugin-istio-mesh-common';
import { ControlPlanePanel } from './ControlPlanePanel';
// entityControlPlanes() of paymentservice in examples/cluster/homelab.yaml.
import paymentservice from '../../__fixtures__/paymentserviceControlPlanes.json';

const controlPlanes = paymentservice as EntityControlPlane[];

describe('ControlPlanePanel', () => {
  it("shows the revision, operator status and Telemetry of the entity's namespace", async () => {
    await renderInTestApp(<ControlPlanePanel controlPlanes={controlPlanes} />);

    const row = screen.getByRole('row', { name: /homelab\/boutique-dev/ });
    expect(
      within(row).getByText('default-v1-26-4 (1.26.4, 1/1 ready)'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(/Istio default .*: healthy/),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('tracing: jaeger at 100%'),
    ).toBeInTheDocument();
  });

  it('shows the mesh configuration and where it was read from, with any disagreement', async () => {
    const [first] = controlPlanes;
    await renderInTestApp(
      <ControlPlanePanel
        controlPlanes={[
          {
            ...first,
            meshConfig: {
              ...first.meshConfig!,
              rootNamespace: 'istio-config',
              conflicts: [
                'istioMesh.rootNamespace istio-config disagrees with ConfigMap istio-system/istio-default-v1-26-4 (rootNamespace: istio-system); istio-config is used',
              ],
            },
          },
        ]}
      />,
    );
    const row = screen.getByRole('row', { name: /homelab\/boutique-dev/ });
    expect(
      within(row).getByText(
        'root namespace istio-config, trust domain cluster.local',
      ),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(
        'from ConfigMap istio-system/istio-default-v1-26-4',
      ),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(/istioMesh.rootNamespace istio-config disagrees/),
    ).toBeInTheDocument();
  });

  it('says when there is no control-plane data', async () => {
    await renderInTestApp(<ControlPlanePanel controlPlanes={[]} />);
    expect(
      screen.getByText(
        'No control-plane data for the clusters this entity runs in.',
      ),
    ).toBeInTheDocument();
  });
});
