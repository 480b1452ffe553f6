import { buildHttpRoute } from '@istio-mesh/plugin-istio-mesh-common';
import { renderManifests } from '@istio-mesh/plugin-istio-mesh-common/validation';
import {
  createdDiff,
  manifestActionHarness,
  pathSafetyCases,
} from '../__testUtils__/manifestActionHarness';
import { createHttpRouteCreateAction } from './httpRouteCreate';

const FILE = 'infrastructure/monitoring/kiali/httproute.yaml';

// The seed's route to Kiali.
const KIALI_ROUTE = {
  name: 'kiali',
  namespace: 'istio-system',
  gateway: {
    name: 'homelab-gateway',
    namespace: 'gateway',
    sectionName: 'https',
  },
  hostnames: ['kiali.homelab.local'],
  backend: { name: 'kiali', port: 20001 },
};

const KIALI = { ...KIALI_ROUTE, path: FILE };

// The builder's test spells this manifest out; here it is what the action
// must write, labelled with the running template.
const KIALI_YAML = renderManifests([
  buildHttpRoute({ ...KIALI_ROUTE, template: 'istio-expose-httproute' }),
]);

// The homelab's gateway, as the repository would declare it.
const GATEWAY = 'infrastructure/network/gateway/gateway.yaml';
const GATEWAY_YAML = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: homelab-gateway
  namespace: gateway
spec:
  gatewayClassName: istio
  listeners:
    - name: http
      port: 80
      protocol: HTTP
    - name: https
      port: 443
      protocol: HTTPS
      hostname: '*.homelab.local'
      tls:
        certificateRefs:
          - name: homelab-tls
      allowedRoutes:
        namespaces:
          from: All
`;

describe('istio:httproute:create', () => {
  const { workspace, run, read, expectNothingWritten } = manifestActionHarness({
    action: createHttpRouteCreateAction(),
    template: 'istio-expose-httproute',
    workspaceContent: {
      'infrastructure/monitoring/kiali/kustomization.yaml':
        'kind: Kustomization\n',
      [GATEWAY]: GATEWAY_YAML,
    },
  });

  it("exposes Kiali at the seed's URL", async () => {
    const { outputs } = await run(KIALI);
    expect(await read(FILE)).toBe(KIALI_YAML);
    expect(outputs).toStrictEqual({
      path: FILE,
      status: 'created',
      manifest: KIALI_YAML,
      diff: createdDiff(FILE, KIALI_YAML),
      url: 'https://kiali.homelab.local/',
    });
  });

  it('links the first host name that is not a wildcard, under the path prefix', async () => {
    const { outputs } = await run({
      name: 'jaeger',
      gateway: { name: 'homelab-gateway', namespace: 'gateway' },
      hostnames: ['*.tracing.homelab.local', 'jaeger.homelab.local'],
      backend: { name: 'tracing', port: 80 },
      pathPrefix: '/jaeger',
    });
    expect(outputs.path).toBe('httproute-jaeger.yaml');
    expect(outputs.url).toBe('https://jaeger.homelab.local/jaeger');
  });

  it('is idempotent and byte-identical, also in a dry run', async () => {
    await run(KIALI);
    const { outputs } = await run(KIALI, true);
    expect(outputs.status).toBe('unchanged');
    expect(await read(FILE)).toBe(KIALI_YAML);
  });

  it('does not replace a different file unless overwrite is set', async () => {
    workspace.setContent({
      [FILE]: KIALI_YAML.replace('20001', '80'),
      [GATEWAY]: GATEWAY_YAML,
    });
    await expect(run(KIALI)).rejects.toThrow(
      `${FILE} already exists with different content; set overwrite: true to replace it`,
    );
    expect((await run({ ...KIALI, overwrite: true })).outputs.status).toBe(
      'overwritten',
    );
    expect(await read(FILE)).toBe(KIALI_YAML);
  });

  it.each([
    [
      'a URL instead of a host name',
      { ...KIALI, hostnames: ['https://kiali.homelab.local'] },
      'Invalid input "hostnames[0]" for HTTPRoute istio-system/kiali: "https://kiali.homelab.local" is not a host name',
    ],
    [
      'no host name',
      { ...KIALI, hostnames: [] },
      'Invalid input "hostnames" for HTTPRoute istio-system/kiali: name at least one host name',
    ],
    [
      'a backend in another namespace, written as a host name',
      { ...KIALI, backend: { name: 'kiali.istio-system', port: 20001 } },
      'Invalid input "backend.name" for HTTPRoute istio-system/kiali',
    ],
    [
      'a name that is not a DNS-1123 subdomain',
      { ...KIALI, name: 'Kiali' },
      'Invalid input "name" for HTTPRoute istio-system/Kiali',
    ],
    [
      'a parent Gateway the repository does not declare',
      { ...KIALI, gateway: { ...KIALI.gateway, name: 'edge' } },
      'mock step name: HTTPRoute istio-system/kiali would never be served: its parent, Gateway gateway/edge (gateway.networking.k8s.io), is declared nowhere in the repository. Add the Gateway to the repository first (with a listener https that admits routes from istio-system), or, if it is managed outside this repository, confirm with parentManagedElsewhere ("The Gateway is managed elsewhere")',
    ],
    [
      'a listener the Gateway does not have',
      { ...KIALI, gateway: { ...KIALI.gateway, sectionName: 'grpc' } },
      `its parent, Gateway gateway/homelab-gateway (${GATEWAY}:1), has no listener grpc (listeners: http, https)`,
    ],
    [
      'a listener that admits only routes of its own namespace',
      { ...KIALI, gateway: { ...KIALI.gateway, sectionName: 'http' } },
      `its parent, Gateway gateway/homelab-gateway (${GATEWAY}:1), admits on listener http only routes of its own namespace, gateway, not of istio-system (allowedRoutes.namespaces.from)`,
    ],
    ...pathSafetyCases(KIALI, 'httproute.yaml'),
  ])('refuses %s and writes nothing', async (_, input, message) => {
    await expect(run(input)).rejects.toThrow(message);
    expectNothingWritten();
  });

  it('writes a route to a Gateway managed elsewhere when confirmed, and says what it could not check', async () => {
    const { outputs, logger } = await run({
      ...KIALI,
      gateway: { ...KIALI.gateway, name: 'edge' },
      parentManagedElsewhere: true,
    });
    expect(outputs.status).toBe('created');
    expect(logger.warn).toHaveBeenCalledWith(
      'Not checked, since the Gateway is managed elsewhere: its parent, Gateway gateway/edge (gateway.networking.k8s.io), is declared nowhere in the repository',
    );
  });
});
