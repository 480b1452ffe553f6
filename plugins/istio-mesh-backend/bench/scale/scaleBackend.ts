/*
 * The backend the scale benchmark measures: the catalog, an allow-all
 * permission policy, Backstage's Kubernetes plugin and this plugin, as an
 * adopter's backend holds them. Started by runScaleBenchmark.ts with the
 * generated app-config (`--config`); `ISTIO_MESH_BENCH_PLUGIN` names the
 * module of this plugin to load (the built dist when there is one), and
 * `ISTIO_MESH_BENCH_CATALOG_STUB` a JSON file of entities to serve instead
 * of the catalog backend.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogStubPlugin } from './catalogStub';

const backend = createBackend();
// Profile L reads its catalog from a stub (catalogStub.ts): loading 40,000
// entities through a file location takes most of an hour here.
backend.add(
  process.env.ISTIO_MESH_BENCH_CATALOG_STUB
    ? catalogStubPlugin
    : import('@backstage/plugin-catalog-backend'),
);
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(
  import(process.env.ISTIO_MESH_BENCH_PLUGIN ?? '../../src/index').then(
    m => m.default,
  ),
);
backend.start();
