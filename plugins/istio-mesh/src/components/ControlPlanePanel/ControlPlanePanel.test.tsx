import { readFileSync } from 'fs';
import { resolve } from 'path';
import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  entityControlPlanes,
  evaluateWorkloads,
  parseManifests,
  summarizeControlPlane,
} from '@istio-mesh/plugin-istio-mesh-common';
import { ControlPlanePanel } from './ControlPlanePanel';

const objects = parseManifests(
  readFileSync(
    resolve(__dirname, '../../../../../examples/cluster/homelab.yaml'),
    'utf8',
  ),
  'homelab.yaml',
).objects.map(o => o.object);

function controlPlanesOf(app: string) {
  const workloads = evaluateWorkloads(objects, { cluster: 'homelab' })
    .map(w => w.report)
    .filter(r => r.name === app);
  return entityControlPlanes(
    [{ cluster: 'homelab', controlPlane: summarizeControlPlane(objects) }],
    workloads,
  );
}

describe('ControlPlanePanel', () => {
  it("shows the revision, operator status and Telemetry of the entity's namespace", async () => {
    await renderInTestApp(
      <ControlPlanePanel controlPlanes={controlPlanesOf('paymentservice')} />,
    );

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

  it('says when there is no control-plane data', async () => {
    await renderInTestApp(<ControlPlanePanel controlPlanes={[]} />);
    expect(
      screen.getByText(
        'No control-plane data for the clusters this entity runs in.',
      ),
    ).toBeInTheDocument();
  });
});
