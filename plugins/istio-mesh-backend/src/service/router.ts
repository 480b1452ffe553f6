import express from 'express';
import Router from 'express-promise-router';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MeshStateService } from './MeshStateService';

/** What the router needs. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  meshState: MeshStateService;
}

/**
 * Routes under `/api/istio-mesh`. Every route but `/health` needs a caller;
 * entities are loaded from the catalog on the caller's behalf, so an entity
 * the caller may not read is indistinguishable from a missing one (404).
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, meshState } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const entity = await catalog.getEntityByRef(
      { kind, namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${kind}:${namespace}/${name} found`);
    }
    res.json(await meshState.getEntityMeshState(entity));
  });

  return router;
}
