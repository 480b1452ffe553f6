// A backend made the way an adopter makes one, with the istio-mesh packages
// installed from their tarballs: scripts/check-packages.js copies this folder
// out of the workspace, installs it and asks it for one entity.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@istio-mesh/plugin-istio-mesh-backend'));
backend.add(import('@istio-mesh/plugin-scaffolder-backend-module-istio-mesh'));
backend.start();
