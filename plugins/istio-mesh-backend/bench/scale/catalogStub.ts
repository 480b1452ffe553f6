/*
 * A stand-in for the catalog backend, for profile L: the catalog's read
 * routes over the generated entities, held in memory. Loading 40,000
 * entities through a file location would take most of an hour on a
 * 2-core machine; this serves them at once. It answers what this plugin and
 * the Kubernetes plugin ask of the catalog (`GET /entities` with filters
 * and fields, `GET /entities/by-name/...`, and `GET /entities/by-query`
 * for the benchmark's readiness check) over the same loopback HTTP, with
 * the caller's credentials checked and the read permission asked of the
 * permission backend on every request, as the catalog does.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { readFileSync } from 'node:fs';

// The catalog's read permission, as `@backstage/plugin-catalog-common` defines it.
const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** `kind=Component,kind=Resource` from each `filter` parameter: sets OR, keys AND, a key's values OR. */
function filterSets(raw: unknown): Array<Map<string, string[]>> {
  const params = [raw ?? []].flat().map(String);
  return params.map(param => {
    const set = new Map<string, string[]>();
    for (const condition of param.split(',')) {
      const [key, value = ''] = condition.split('=');
      const values = set.get(key.toLowerCase()) ?? [];
      values.push(value.toLowerCase());
      set.set(key.toLowerCase(), values);
    }
    return set;
  });
}

function valueAt(entity: Entity, path: string): unknown {
  // Annotation and label keys hold dots and slashes: match them whole.
  for (const prefix of ['metadata.annotations.', 'metadata.labels.']) {
    if (path.startsWith(prefix)) {
      const field =
        prefix === 'metadata.annotations.' ? 'annotations' : 'labels';
      const map = entity.metadata[field] ?? {};
      const key = Object.keys(map).find(
        k => k.toLowerCase() === path.slice(prefix.length),
      );
      return key === undefined ? undefined : map[key];
    }
  }
  return path
    .split('.')
    .reduce<unknown>(
      (value, part) =>
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[part]
          : undefined,
      entity,
    );
}

function matches(entity: Entity, sets: Array<Map<string, string[]>>) {
  if (sets.length === 0) return true;
  return sets.some(set =>
    [...set].every(([key, values]) => {
      const actual = valueAt(entity, key);
      return (
        actual !== undefined &&
        values.some(v => v === '' || String(actual).toLowerCase() === v)
      );
    }),
  );
}

/** The entity with only the `fields` paths kept, as the catalog prunes it. */
function pick(entity: Entity, fields: string[]): unknown {
  if (fields.length === 0) return entity;
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const parts = field.split('.');
    let source: unknown = entity;
    let target = result;
    for (const [i, part] of parts.entries()) {
      if (!source || typeof source !== 'object') break;
      const value = (source as Record<string, unknown>)[part];
      if (value === undefined) break;
      if (i === parts.length - 1) {
        target[part] = value;
      } else {
        target[part] ??= {};
        target = target[part] as Record<string, unknown>;
        source = value;
      }
    }
  }
  return result;
}

const fieldsOf = (raw: unknown) =>
  [raw ?? []]
    .flat()
    .flatMap(value => String(value).split(','))
    .filter(Boolean);

export const catalogStubPlugin = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        logger: coreServices.logger,
      },
      async init({ httpRouter, httpAuth, permissions, logger }) {
        const path = process.env.ISTIO_MESH_BENCH_CATALOG_STUB;
        if (!path) throw new Error('ISTIO_MESH_BENCH_CATALOG_STUB is not set');
        const entities = JSON.parse(readFileSync(path, 'utf8')) as Entity[];
        const byRef = new Map(
          entities.map(e => [
            `${e.kind}:${e.metadata.namespace ?? 'default'}/${
              e.metadata.name
            }`.toLowerCase(),
            e,
          ]),
        );
        logger.info(`Catalog stub serving ${entities.length} entities`);

        const router = Router();
        router.use(express.json());
        router.use(async (req, _res, next) => {
          const credentials = await httpAuth.credentials(req);
          const [decision] = await permissions.authorizeConditional(
            [{ permission: catalogEntityReadPermission }],
            { credentials },
          );
          if (decision.result !== AuthorizeResult.ALLOW) {
            throw new NotAllowedError(
              'The catalog stub only serves callers allowed to read every entity',
            );
          }
          next();
        });
        router.get('/entities', (req, res) => {
          const sets = filterSets(req.query.filter);
          const fields = fieldsOf(req.query.fields);
          res.json(
            entities.filter(e => matches(e, sets)).map(e => pick(e, fields)),
          );
        });
        router.get('/entities/by-query', (req, res) => {
          const sets = filterSets(req.query.filter);
          const found = entities.filter(e => matches(e, sets));
          const limit = Number(req.query.limit ?? found.length);
          res.json({
            items: found
              .slice(0, limit)
              .map(e => pick(e, fieldsOf(req.query.fields))),
            totalItems: found.length,
            pageInfo: {},
          });
        });
        router.get('/entities/by-name/:kind/:namespace/:name', (req, res) => {
          const { kind, namespace, name } = req.params;
          const entity = byRef.get(
            `${kind}:${namespace}/${name}`.toLowerCase(),
          );
          if (!entity) {
            res.status(404).json({ error: { name: 'NotFoundError' } });
            return;
          }
          res.json(entity);
        });
        httpRouter.use(router);
      },
    });
  },
});
