// An app made the way an adopter makes one (new frontend system), with the
// istio-mesh frontend installed from its tarball. The istio-mesh lines are
// the ones plugins/istio-mesh/README.md gives.
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import istioMeshPlugin from '@istio-mesh/plugin-istio-mesh/alpha';

export default createApp({
  features: [
    // The catalog, whose entity pages get the Mesh tab.
    catalogPlugin,
    istioMeshPlugin,
  ],
});
