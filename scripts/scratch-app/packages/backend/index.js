// A backend made the way an adopter makes one, with the istio-mesh packages
// installed from their tarballs: scripts/check-packages.js copies the
// scratch app out of the workspace, installs it, asks this backend for one
// entity and opens the app it serves in a browser. The istio-mesh lines are
// the ones the packages' READMEs give.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@istio-mesh/plugin-istio-mesh-backend'));
backend.add(import('@istio-mesh/plugin-scaffolder-backend-module-istio-mesh'));
backend.start();
