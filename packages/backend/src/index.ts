import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
// publish:github:pull-request, which the istio-* templates end with.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@istio-mesh/plugin-scaffolder-backend-module-istio-mesh'));

backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@istio-mesh/plugin-istio-mesh-backend'));
// Dev only: recorded Prometheus and Jaeger answers for istioMesh.prometheus
// and istioMesh.jaeger.
if (process.env.NODE_ENV !== 'production') {
  backend.add(import('./demoPrometheus'));
}

backend.start();
