import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { evaluateWorkloads } from '../report/workloadReports';
import { summarizeControlPlane } from './controlPlaneSummary';
import { entityControlPlanes } from './entityControlPlanes';

const objects = parseManifests(
  readFileSync(
    resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
    'utf8',
  ),
  'homelab.yaml',
).objects.map(o => o.object);

describe('entityControlPlanes', () => {
  const controlPlane = summarizeControlPlane(objects);
  const reports = evaluateWorkloads(objects, { cluster: 'homelab' }).map(
    w => w.report,
  );
  const payment = reports.filter(r => r.name === 'paymentservice');

  it("gives the revisions and the Telemetry of the workloads' namespaces", () => {
    const [homelab, ...others] = entityControlPlanes(
      [
        { cluster: 'homelab', controlPlane },
        { cluster: 'edge', controlPlane },
      ],
      payment,
    );
    // paymentservice runs in homelab only.
    expect(others).toEqual([]);
    expect(homelab.cluster).toBe('homelab');
    expect(homelab.revisions.map(r => [r.revision, r.version])).toEqual([
      ['default-v1-26-4', '1.26.4'],
    ]);
    expect(homelab.revisions[0].namespaces).toContain('boutique-dev');
    expect(homelab.sail.map(s => [s.name, s.healthy])).toEqual([
      ['default', true],
    ]);
    expect(homelab.namespaces.map(n => n.name)).toEqual(['boutique-dev']);
    const { telemetry } = homelab.namespaces[0];
    expect(telemetry.mesh?.name).toBe('mesh-default');
    expect(telemetry.mesh?.tracing[0].providers).toEqual(['jaeger']);
  });

  it('gives nothing for a cluster without control-plane data', () => {
    expect(entityControlPlanes([{ cluster: 'homelab' }], payment)).toEqual([]);
  });
});
