import { parseManifests } from '../resources/parseManifests';
import { evaluateMesh, EvaluateOptions } from '../report/workloadReports';
import { authorizeWorkloadRequest } from '../report/authorizeRequest';
import { AuthorizationRequest } from './authorization';

// Each rule of SEMANTICS §1.3 and §3 that issue "Never more secure than
// reality (2/2)" names, in both directions: a case where following Istio
// makes the answer stricter than a naive reading, and one where it makes it
// looser. docs/semantics.md points at these tests.

const mesh = (namespaceLabels = '{istio.io/dataplane-mode: ambient}') => `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: tcp-admin, port: 9000, targetPort: 9000}
---
apiVersion: v1
kind: Pod
metadata:
  name: api-1
  namespace: shop
  labels: {app: api, security.istio.io/tlsMode: istio}
spec:
  serviceAccountName: api
  containers:
  - {name: api, image: api:1, ports: [{containerPort: 8080}, {containerPort: 9000}]}
  - {name: istio-proxy, image: proxyv2:1.26.4}
status:
  phase: Running
  containerStatuses: [{name: api, ready: true}, {name: istio-proxy, ready: true}]
---
apiVersion: v1
kind: Namespace
metadata: {name: amb, labels: ${namespaceLabels}}
---
apiVersion: v1
kind: Service
metadata: {name: store, namespace: amb}
spec:
  selector: {app: store}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata:
  name: store-1
  namespace: amb
  labels: {app: store}
  annotations: {ambient.istio.io/redirection: enabled}
spec:
  serviceAccountName: store
  containers:
  - {name: store, image: store:1, ports: [{containerPort: 8080}]}
status: {phase: Running}
`;

const waypoint = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: waypoint, namespace: amb}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE}]
`;

function decide(
  objects: string,
  workload: string,
  request: AuthorizationRequest,
  options: EvaluateOptions & { base?: string } = {},
) {
  const { objects: parsed, problems } = parseManifests(
    `${options.base ?? mesh()}---${objects}`,
    'mesh.yaml',
  );
  expect(problems).toStrictEqual([]);
  const evaluated = evaluateMesh(
    parsed.map(o => o.object),
    options,
  ).workloads.find(w => w.workload.name === workload)!;
  return authorizeWorkloadRequest(evaluated, request);
}

const policy = (name: string, spec: string, namespace = 'shop') => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}
---`;

const web = 'cluster.local/ns/web/sa/web';
const toApi = (request: AuthorizationRequest = {}) => ({
  sourcePrincipal: web,
  method: 'GET',
  path: '/items',
  port: 8080,
  ...request,
});

describe('istio.io/dry-run is read with strconv.ParseBool (builder.go isDryRun)', () => {
  const denyAll = (value: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny-all
  namespace: shop
  annotations: {istio.io/dry-run: "${value}"}
spec: {action: DENY, rules: [{}]}
---`;

  it.each(['1', 't', 'T', 'TRUE', 'true', 'True'])(
    'looser: "%s" makes the DENY a dry run, so the request passes',
    value => {
      expect(decide(denyAll(value), 'api-1', toApi()).decision).toBe('ALLOW');
    },
  );

  it.each(['yes', 'on', 'enabled', 'tRuE'])(
    'stricter: "%s" is not a boolean to ParseBool, so the DENY is enforced',
    value => {
      expect(decide(denyAll(value), 'api-1', toApi()).decision).toBe('DENY');
    },
  );
});

describe('an empty list is an absent field (model.go skips empty value lists)', () => {
  it('looser: principals: [] next to namespaces constrains only the namespace', () => {
    const allow = policy(
      'from-web',
      '  rules: [{from: [{source: {principals: [], namespaces: [web]}}]}]',
    );
    expect(decide(allow, 'api-1', toApi()).decision).toBe('ALLOW');
  });

  it('stricter: a DENY with principals: [] still denies the namespace', () => {
    const deny = policy(
      'deny-web',
      '  action: DENY\n  rules: [{from: [{source: {principals: [], namespaces: [web]}}]}]',
    );
    expect(decide(deny, 'api-1', toApi()).decision).toBe('DENY');
  });
});

describe('paths: URI templates and no query string (generator.go pathGenerator)', () => {
  it('stricter: DENY /admin/{**} covers every path below /admin/', () => {
    const deny = policy(
      'no-admin',
      '  action: DENY\n  rules: [{to: [{operation: {paths: ["/admin/{**}"]}}]}]',
    );
    expect(
      decide(deny, 'api-1', toApi({ path: '/admin/users/1' })).decision,
    ).toBe('DENY');
    expect(decide(deny, 'api-1', toApi({ path: '/admin/' })).decision).toBe(
      'DENY',
    );
    expect(decide(deny, 'api-1', toApi({ path: '/admin' })).decision).toBe(
      'ALLOW',
    );
  });

  it('looser: ALLOW /api/{*}/items admits exactly one segment', () => {
    const allow = policy(
      'items',
      '  rules: [{to: [{operation: {paths: ["/api/{*}/items"]}}]}]',
    );
    expect(
      decide(allow, 'api-1', toApi({ path: '/api/v1/items' })).decision,
    ).toBe('ALLOW');
    expect(
      decide(allow, 'api-1', toApi({ path: '/api/v1/v2/items' })).decision,
    ).toBe('DENY');
  });

  it('stricter: a query string does not get a request past DENY /debug', () => {
    const deny = policy(
      'no-debug',
      '  action: DENY\n  rules: [{to: [{operation: {paths: ["/debug"]}}]}]',
    );
    expect(
      decide(deny, 'api-1', toApi({ path: '/debug?verbose=1' })).decision,
    ).toBe('DENY');
    expect(decide(deny, 'api-1', toApi({ path: '/debug#top' })).decision).toBe(
      'DENY',
    );
  });

  it('looser: a query string does not keep a request out of ALLOW /status', () => {
    const allow = policy(
      'status',
      '  rules: [{to: [{operation: {paths: ["/status"]}}]}]',
    );
    expect(
      decide(allow, 'api-1', toApi({ path: '/status?full=true' })).decision,
    ).toBe('ALLOW');
  });
});

describe('principals through the trust domain and its aliases (trustdomain.Bundle)', () => {
  const settings = {
    meshSettings: {
      trustDomain: { value: 'prod.example', setting: '--trust-domain' },
      trustDomainAliases: {
        value: ['old.example'],
        setting: '--trust-domain-alias',
      },
    },
  };

  it('looser: a policy naming cluster.local admits the same identity in the mesh trust domain', () => {
    const allow = policy(
      'from-web',
      `  rules: [{from: [{source: {principals: [${web}]}}]}]`,
    );
    expect(
      decide(
        allow,
        'api-1',
        toApi({ sourcePrincipal: 'prod.example/ns/web/sa/web' }),
        settings,
      ).decision,
    ).toBe('ALLOW');
  });

  it('stricter: a DENY naming an alias also denies the identity in the trust domain', () => {
    const deny = policy(
      'deny-old-web',
      '  action: DENY\n  rules: [{from: [{source: {principals: [old.example/ns/web/sa/web]}}]}]',
    );
    expect(
      decide(
        deny,
        'api-1',
        toApi({ sourcePrincipal: 'prod.example/ns/web/sa/web' }),
        settings,
      ).decision,
    ).toBe('DENY');
  });

  it('reads the trust domain and aliases from the mesh configuration in the inputs', () => {
    const istio = `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "trustDomain: prod.example\\ntrustDomainAliases: [old.example]"
---`;
    const deny = policy(
      'deny-web',
      `  action: DENY\n  rules: [{from: [{source: {principals: [${web}]}}]}]`,
    );
    expect(
      decide(
        `${istio}${deny}`,
        'api-1',
        toApi({ sourcePrincipal: 'old.example/ns/web/sa/web' }),
      ).decision,
    ).toBe('DENY');
  });
});

describe('identity matches (generator.go srcPrincipalGenerator, srcNamespaceGenerator)', () => {
  it('looser: an ALLOW made only of notNamespaces admits a plaintext caller', () => {
    const allow = policy(
      'not-untrusted',
      '  rules: [{from: [{source: {notNamespaces: [untrusted]}}]}]',
    );
    expect(
      decide(allow, 'api-1', toApi({ sourcePrincipal: undefined })).decision,
    ).toBe('ALLOW');
  });

  it('stricter: a DENY made of notValues on source.principal denies a plaintext caller', () => {
    const deny = policy(
      'only-mesh',
      `  action: DENY\n  rules: [{when: [{key: source.principal, notValues: [${web}]}]}]`,
    );
    expect(
      decide(deny, 'api-1', toApi({ sourcePrincipal: undefined })).decision,
    ).toBe('DENY');
  });

  it('stricter: namespaces do not match a caller arriving on a DISABLE port', () => {
    const objects = `${policy(
      'from-web',
      '  rules: [{from: [{source: {namespaces: [web]}}]}]',
    )}
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  portLevelMtls: {"8080": {mode: DISABLE}}
---`;
    const decision = decide(objects, 'api-1', toApi());
    expect(decision.decision).toBe('DENY');
    expect(decision.reason).toContain(
      'port 8080 is DISABLE, so callers arrive without an mTLS identity',
    );
    // Port 9000 keeps mTLS: the same caller passes there.
    expect(
      decide(objects, 'api-1', toApi({ port: 9000, protocol: 'tcp' })).decision,
    ).toBe('ALLOW');
  });

  it('looser: --from-namespace alone is an mTLS caller that namespaces match', () => {
    const allow = policy(
      'from-web',
      '  rules: [{from: [{source: {namespaces: [web]}}]}]',
    );
    expect(
      decide(
        allow,
        'api-1',
        toApi({ sourcePrincipal: undefined, sourceNamespace: 'web' }),
      ).decision,
    ).toBe('ALLOW');
  });
});

describe('TCP or HTTP from the Service port (model.go checkError)', () => {
  const methodOnly = policy(
    'get-only',
    `  rules: [{from: [{source: {principals: [${web}]}}], to: [{operation: {methods: [GET]}}]}]`,
  );

  it('stricter: on the tcp-admin port an ALLOW rule that needs a method is dropped', () => {
    expect(decide(methodOnly, 'api-1', toApi({ port: 9000 }))).toMatchObject({
      decision: 'DENY',
      protocol: 'tcp',
    });
  });

  it('looser: on the http port the method is checked and the rule admits GET', () => {
    expect(decide(methodOnly, 'api-1', toApi())).toMatchObject({
      decision: 'ALLOW',
      protocol: 'http',
    });
  });

  it('stricter: on TCP a DENY loses its path and denies the whole port', () => {
    const deny = policy(
      'no-admin',
      '  action: DENY\n  rules: [{to: [{operation: {ports: ["9000"], paths: ["/admin"]}}]}]',
    );
    expect(
      decide(deny, 'api-1', toApi({ port: 9000, path: '/' })).decision,
    ).toBe('DENY');
  });
});

describe('an unknown when key invalidates its rule (model.go New)', () => {
  it('stricter: the ALLOW rule is skipped, so the caller is denied by default', () => {
    const allow = policy(
      'by-header',
      `  rules: [{from: [{source: {principals: [${web}]}}], when: [{key: "request.regex.headers[x]", values: [a]}]}]`,
    );
    expect(decide(allow, 'api-1', toApi()).decision).toBe('DENY');
  });

  it('looser: the DENY rule is skipped, so it denies nothing', () => {
    const deny = policy(
      'by-sni',
      '  action: DENY\n  rules: [{when: [{key: destination.name, values: [api]}]}]',
    );
    expect(decide(deny, 'api-1', toApi()).decision).toBe('ALLOW');
  });
});

describe('a Gateway targetRef without its group does not attach (policyattachment.go)', () => {
  const gatewayPod = `
apiVersion: v1
kind: Pod
metadata:
  name: edge-1
  namespace: shop
  labels: {gateway.networking.k8s.io/gateway-name: edge}
spec:
  containers: [{name: istio-proxy, image: proxyv2:1.26.4}]
status:
  phase: Running
  containerStatuses: [{name: istio-proxy, ready: true}]
---`;
  const denyEdge = (group: string) =>
    policy(
      'deny-edge',
      `  targetRefs: [{kind: Gateway, ${group} name: edge}]\n  action: DENY\n  rules: [{}]`,
    );

  it('looser: without group the DENY does not reach the gateway', () => {
    expect(
      decide(`${gatewayPod}${denyEdge('')}`, 'edge-1', toApi()).decision,
    ).toBe('ALLOW');
  });

  it('stricter: with group gateway.networking.k8s.io it does', () => {
    expect(
      decide(
        `${gatewayPod}${denyEdge('group: gateway.networking.k8s.io,')}`,
        'edge-1',
        toApi(),
      ).decision,
    ).toBe('DENY');
  });
});

describe('CUSTOM with a provider the mesh does not define (builder.go getBadCustomDenyRules)', () => {
  const istio = `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "extensionProviders: [{name: opa, envoyExtAuthzGrpc: {service: opa.opa.svc.cluster.local, port: 9191}}]"
---`;
  const custom = (provider: string) =>
    policy(
      'ext-authz',
      `  action: CUSTOM\n  provider: {name: ${provider}}\n  rules: [{to: [{operation: {paths: ["/api/*"]}}]}]`,
    );

  it('stricter: a missing provider denies what the policy matches', () => {
    expect(
      decide(`${istio}${custom('oops')}`, 'api-1', toApi({ path: '/api/a' })),
    ).toMatchObject({
      decision: 'DENY',
      action: 'CUSTOM',
      policy: 'shop/ext-authz',
    });
  });

  it('looser: a defined provider decides at run time, which the reason says', () => {
    const decision = decide(
      `${istio}${custom('opa')}`,
      'api-1',
      toApi({ path: '/api/a' }),
    );
    expect(decision.decision).toBe('ALLOW');
    expect(decision.reason).toContain('decides at run time');
  });

  it('looser: without a mesh configuration in the inputs the provider is not called missing', () => {
    expect(
      decide(custom('oops'), 'api-1', toApi({ path: '/api/a' })).decision,
    ).toBe('ALLOW');
  });
});

describe('ambient without a waypoint: ztunnel (authorization.go convertAuthorizationPolicy)', () => {
  const toStore = (request: AuthorizationRequest = {}) => ({
    sourcePrincipal: web,
    method: 'GET',
    path: '/admin',
    port: 8080,
    ...request,
  });

  it('stricter: an ALLOW rule that uses HTTP attributes is dropped', () => {
    const allow = policy(
      'get-only',
      `  selector: {matchLabels: {app: store}}\n  rules: [{from: [{source: {principals: [${web}]}}], to: [{operation: {methods: [GET]}}]}]`,
      'amb',
    );
    expect(decide(allow, 'store-1', toStore())).toMatchObject({
      decision: 'DENY',
      enforcedBy: 'ztunnel',
    });
  });

  it('looser: a DENY with only HTTP attributes has no effect', () => {
    const deny = policy(
      'no-admin',
      '  action: DENY\n  rules: [{to: [{operation: {paths: ["/admin"]}}]}]',
      'amb',
    );
    expect(decide(deny, 'store-1', toStore())).toMatchObject({
      decision: 'ALLOW',
      enforcedBy: 'ztunnel',
    });
  });

  it('stricter: a DENY keeps its L4 part and denies all of it', () => {
    const deny = policy(
      'no-admin',
      '  action: DENY\n  rules: [{to: [{operation: {ports: ["8080"], paths: ["/admin"]}}]}]',
      'amb',
    );
    expect(decide(deny, 'store-1', toStore({ path: '/public' })).decision).toBe(
      'DENY',
    );
  });

  it('looser: CUSTOM is not enforced by ztunnel, even with a missing provider', () => {
    const custom = policy(
      'ext-authz',
      '  action: CUSTOM\n  provider: {name: oops}\n  rules: [{}]',
      'amb',
    );
    expect(decide(custom, 'store-1', toStore())).toMatchObject({
      decision: 'ALLOW',
      enforcedBy: 'ztunnel',
      reason: expect.stringContaining(
        'ztunnel does not support the CUSTOM action',
      ),
    });
  });
});

describe('ambient behind a waypoint', () => {
  const base = `${mesh(
    '{istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}',
  )}---${waypoint}`;
  const toStore = (request: AuthorizationRequest = {}) => ({
    sourcePrincipal: web,
    method: 'POST',
    path: '/orders',
    port: 8080,
    ...request,
  });

  it('stricter: the waypoint applies targetRefs policies with L7 semantics', () => {
    const getOnly = policy(
      'store-get',
      `  targetRefs: [{kind: Service, group: "", name: store}]\n  rules: [{from: [{source: {principals: [${web}]}}], to: [{operation: {methods: [GET]}}]}]`,
      'amb',
    );
    expect(decide(getOnly, 'store-1', toStore(), { base })).toMatchObject({
      decision: 'DENY',
      enforcedBy: 'waypoint',
    });
    expect(
      decide(getOnly, 'store-1', toStore({ method: 'GET' }), { base }),
    ).toMatchObject({ decision: 'ALLOW', enforcedBy: 'waypoint' });
  });

  it('stricter: ztunnel still enforces selector policies, seeing the waypoint as the caller', () => {
    const fromWeb = policy(
      'store-from-web',
      `  selector: {matchLabels: {app: store}}\n  rules: [{from: [{source: {principals: [${web}]}}]}]`,
      'amb',
    );
    const decision = decide(fromWeb, 'store-1', toStore(), { base });
    expect(decision).toMatchObject({ decision: 'DENY', enforcedBy: 'ztunnel' });
    expect(decision.reason).toContain(
      "the destination's ztunnel sees waypoint amb/waypoint as the caller",
    );
  });

  it('looser: a waypoint never applies a selector policy with L7 rules', () => {
    const denyPosts = policy(
      'no-posts',
      '  selector: {matchLabels: {app: store}}\n  action: DENY\n  rules: [{to: [{operation: {methods: [POST]}}]}]',
      'amb',
    );
    expect(decide(denyPosts, 'store-1', toStore(), { base }).decision).toBe(
      'ALLOW',
    );
  });

  it('binds no waypoint when the named Gateway is missing, and says so', () => {
    const { objects } = parseManifests(
      mesh('{istio.io/dataplane-mode: ambient, istio.io/use-waypoint: gone}'),
      'mesh.yaml',
    );
    const { workloads } = evaluateMesh(objects.map(o => o.object));
    const store = workloads.find(w => w.workload.name === 'store-1')!;
    expect(store.enforcement.enforcedBy).toBe('ztunnel');
    expect(store.enforcement.reason).toContain(
      'Namespace amb names waypoint amb/gone, which does not exist',
    );
  });
});

describe('a port that bypasses the proxy enforces nothing', () => {
  it('looser than it reads: a DENY-all does not reach an excluded port', () => {
    const base = mesh().replace(
      'labels: {app: api, security.istio.io/tlsMode: istio}',
      'labels: {app: api, security.istio.io/tlsMode: istio}\n  annotations: {traffic.sidecar.istio.io/excludeInboundPorts: "9000"}',
    );
    const denyAll = policy('deny-all', '  action: DENY\n  rules: [{}]');
    expect(
      decide(denyAll, 'api-1', toApi({ port: 9000 }), { base }),
    ).toMatchObject({ decision: 'ALLOW', enforcedBy: 'none' });
    expect(decide(denyAll, 'api-1', toApi(), { base })).toMatchObject({
      decision: 'DENY',
      enforcedBy: 'sidecar',
    });
  });
});
