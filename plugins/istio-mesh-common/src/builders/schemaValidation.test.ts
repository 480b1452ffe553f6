import fs from 'fs';
import path from 'path';
import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import {
  assertManifestSchema,
  validateManifestSchema,
} from './schemaValidation';
import { findManifestSchema, MANIFEST_SCHEMAS } from './manifestSchemas';

const repoRoot = path.resolve(__dirname, '../../../..');

function manifestsIn(dir: string): KubernetesObject[] {
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(
      file =>
        parseManifests(fs.readFileSync(path.join(dir, file), 'utf8'), file)
          .objects,
    )
    .map(parsed => parsed.object);
}

function virtualService(spec: unknown): KubernetesObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec,
  };
}

describe('validateManifestSchema', () => {
  it('accepts every Istio object of the example GitOps repository', () => {
    const objects = [
      ...manifestsIn(
        path.join(
          repoRoot,
          'examples/gitops/apps/base/online-boutique/base/istio',
        ),
      ),
      ...manifestsIn(
        path.join(
          repoRoot,
          'examples/gitops/infrastructure/network/istio-control-plane',
        ),
      ),
    ].filter(o => findManifestSchema(o.apiVersion, o.kind));

    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      expect({
        name: object.metadata.name,
        violations: validateManifestSchema(object),
      }).toStrictEqual({ name: object.metadata.name, violations: [] });
    }
  });

  it('accepts the older served versions of a kind, which share the schema', () => {
    const object = {
      ...virtualService({ hosts: ['reviews'] }),
      apiVersion: 'networking.istio.io/v1alpha3',
    };
    expect(validateManifestSchema(object)).toStrictEqual([]);
  });

  it('reports a field of the wrong type with its path', () => {
    const object = virtualService({
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: '90' },
          ],
        },
      ],
    });
    expect(validateManifestSchema(object)).toStrictEqual([
      { path: 'spec.http[0].route[0].weight', message: 'must be integer' },
    ]);
  });

  it('refuses fields the kind does not have, which the API server would drop', () => {
    const object = virtualService({
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews' } }], retry: {} }],
    });
    expect(validateManifestSchema(object)).toStrictEqual([
      { path: 'spec.http[0].retry', message: 'is not a field of this kind' },
    ]);
  });

  it('lists the allowed values of an enum', () => {
    const object: KubernetesObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'boutique-dev' },
      spec: { mtls: { mode: 'STRICTER' } },
    };
    expect(validateManifestSchema(object)).toStrictEqual([
      {
        path: 'spec.mtls.mode',
        message: 'must be one of UNSET, DISABLE, PERMISSIVE, STRICT',
      },
    ]);
  });

  it('validates Gateway API HTTPRoutes against the v1 schema', () => {
    const route: KubernetesObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'kiali', namespace: 'istio-system' },
      spec: {
        parentRefs: [{ name: 'homelab-gateway', namespace: 'gateway' }],
        hostnames: ['kiali.homelab.local'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'kiali', port: 20001 }],
          },
        ],
      },
    };
    expect(validateManifestSchema(route)).toStrictEqual([]);
    expect(
      validateManifestSchema({
        ...route,
        spec: { ...(route.spec as object), hostnames: ['Kiali_UI'] },
      }),
    ).toStrictEqual([
      {
        path: 'spec.hostnames[0]',
        message: expect.stringMatching(/^must match pattern/),
      },
    ]);
  });

  it('compiles every vendored schema', () => {
    for (const schema of MANIFEST_SCHEMAS) {
      const object: KubernetesObject = {
        apiVersion: `${schema.group}/${schema.versions[0]}`,
        kind: schema.kind,
        metadata: { name: 'x' },
        spec: {},
      };
      expect(() => validateManifestSchema(object)).not.toThrow();
    }
  });

  it('throws for a kind without a vendored schema', () => {
    expect(() =>
      validateManifestSchema({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'reviews' },
      }),
    ).toThrow('No schema is vendored for Service v1');
  });
});

describe('assertManifestSchema', () => {
  it('names the object and every violation', () => {
    const object = virtualService({ hosts: 'reviews', gateway: ['mesh'] });
    expect(() => assertManifestSchema(object)).toThrow(
      'VirtualService bookinfo/reviews does not match the networking.istio.io/v1 VirtualService schema: spec.gateway is not a field of this kind; spec.hosts must be array',
    );
  });

  it('passes a valid object', () => {
    expect(() =>
      assertManifestSchema(virtualService({ hosts: ['reviews'] })),
    ).not.toThrow();
  });
});
