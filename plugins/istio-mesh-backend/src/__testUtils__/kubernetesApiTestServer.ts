import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  KubernetesObject,
  matchesLabelSelector,
  parseLabelSelector,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * A resource the test server knows, addressed as kubectl's API paths do:
 * `v1/pods`, `apps/v1/deployments`, `security.istio.io/v1/peerauthentications`.
 */
interface ServedResource {
  group: string;
  versions: string[];
  plural: string;
  kind: string;
  namespaced: boolean;
}

const SERVED_RESOURCES: ServedResource[] = [
  ...[
    ['pods', 'Pod', true],
    ['services', 'Service', true],
    ['namespaces', 'Namespace', false],
    ['serviceaccounts', 'ServiceAccount', true],
    ['secrets', 'Secret', true],
    ['configmaps', 'ConfigMap', true],
  ].map(([plural, kind, namespaced]) => ({
    group: '',
    versions: ['v1'],
    plural: plural as string,
    kind: kind as string,
    namespaced: namespaced as boolean,
  })),
  ...['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].map(kind => ({
    group: 'apps',
    versions: ['v1'],
    plural: `${kind.toLowerCase()}s`,
    kind,
    namespaced: true,
  })),
  ...['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'].map(
    kind => ({
      group: 'security.istio.io',
      versions: ['v1', 'v1beta1'],
      plural: kind === 'AuthorizationPolicy' ? 'authorizationpolicies' : '',
      kind,
      namespaced: true,
    }),
  ),
  ...[
    'VirtualService',
    'DestinationRule',
    'Gateway',
    'ServiceEntry',
    'Sidecar',
  ].map(kind => ({
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    plural: '',
    kind,
    namespaced: true,
  })),
  {
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    plural: 'applications',
    kind: 'Application',
    namespaced: true,
  },
  {
    group: 'telemetry.istio.io',
    versions: ['v1', 'v1alpha1'],
    plural: 'telemetries',
    kind: 'Telemetry',
    namespaced: true,
  },
  {
    group: 'gateway.networking.k8s.io',
    versions: ['v1'],
    plural: 'gateways',
    kind: 'Gateway',
    namespaced: true,
  },
  {
    group: 'sailoperator.io',
    versions: ['v1'],
    plural: 'istios',
    kind: 'Istio',
    namespaced: false,
  },
  {
    group: 'admissionregistration.k8s.io',
    versions: ['v1'],
    plural: 'mutatingwebhookconfigurations',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
  },
].map(r => ({
  ...r,
  plural:
    r.plural ||
    (r.kind === 'ServiceEntry' ? 'serviceentries' : `${r.kind.toLowerCase()}s`),
}));

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** `v1/pods`, `apps/v1/deployments`: how options and the log name resources. */
function resourceKey(group: string, version: string, plural: string) {
  return `${apiVersionOf(group, version)}/${plural}`;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** `v1/pods` etc. when the path addressed a resource collection. */
  resource?: string;
  /** Namespace of a namespaced LIST, when the path named one. */
  namespace?: string;
  status?: number;
}

/** Behaviour of the test API server. Resource keys look like `apps/v1/deployments`. */
export interface KubernetesApiTestServerOptions {
  /** Objects served, with apiVersion and kind (stripped from list items as the real server does). */
  objects: KubernetesObject[];
  /** Bearer token the server accepts; default a random one (see `token`). */
  token?: string;
  /**
   * API groups, group versions or resources that are not installed and answer
   * 404: `argoproj.io`, `security.istio.io/v1`, `networking.istio.io/v1/sidecars`.
   */
  notInstalled?: string[];
  /** Resources whose LIST answers 403 Forbidden. */
  forbidden?: string[];
  /** Resources whose LIST answers this HTTP status (e.g. 500). */
  failWith?: Record<string, number>;
  /** The first N requests (after authentication) answer 429 with `Retry-After: 1`. */
  throttleFirstRequests?: number;
  /** Delay in milliseconds before answering a resource's LIST. */
  delayMs?: Record<string, number>;
  /** Delay in milliseconds before answering every request (network and API server time). */
  latencyMs?: number;
  /** Resources whose LIST is never answered. */
  hang?: string[];
  /** Resources whose first continued LIST answers 410 Gone (expired token). */
  expireFirstContinue?: string[];
}

/** A running test API server. */
export interface KubernetesApiTestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  token: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** LIST requests, optionally of one resource (`v1/pods`). */
  listCalls(resource?: string): RecordedRequest[];
  /** Forget every continue token issued so far: they then answer 410 Gone. */
  expireContinueTokens(): void;
  /** Changes the delay before every answer (`latencyMs`) from now on. */
  setLatencyMs(ms: number): void;
  close(): Promise<void>;
}

interface ContinueState {
  resource: string;
  namespace?: string;
  offset: number;
  resourceVersion: string;
}

function matches(key: string, patterns: string[] | undefined): boolean {
  return (patterns ?? []).some(p => key === p || key.startsWith(`${p}/`));
}

function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

function objectSortKey(object: KubernetesObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** The collection addressed by a path, or undefined for any other path. */
function parseCollectionPath(path: string):
  | {
      group: string;
      version: string;
      plural: string;
      namespace?: string;
    }
  | undefined {
  const segments = path.split('/').filter(Boolean);
  let group: string;
  let rest: string[];
  if (segments[0] === 'api' && segments[1] === 'v1') {
    group = '';
    rest = segments.slice(1);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    rest = segments.slice(2);
  } else {
    return undefined;
  }
  const [version, ...tail] = rest;
  if (tail.length === 1) {
    return { group, version, plural: tail[0] };
  }
  if (tail.length === 3 && tail[0] === 'namespaces') {
    return { group, version, plural: tail[2], namespace: tail[1] };
  }
  return undefined;
}

/**
 * Starts an HTTP server on 127.0.0.1 (a free port) that answers Kubernetes
 * LIST requests for the given objects the way the API server does: list
 * kinds, items without kind and apiVersion, `limit`/`continue` pagination with
 * opaque tokens, `labelSelector`, bearer-token authentication and `Status`
 * error bodies.
 */
export async function startKubernetesApiTestServer(
  options: KubernetesApiTestServerOptions,
): Promise<KubernetesApiTestServer> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const requests: RecordedRequest[] = [];
  const continueTokens = new Map<string, ContinueState>();
  const expireFirstContinue = new Set(options.expireFirstContinue ?? []);
  const sockets = new Set<Socket>();
  let authenticatedRequests = 0;
  let resourceVersion = 1000;
  let latencyMs = options.latencyMs ?? 0;
  // The objects of each kind, sorted as the API server lists them; built on
  // first use, as the objects never change.
  const sortedByKind = new Map<string, KubernetesObject[]>();
  const objectsOfKind = (served: ServedResource) => {
    const kindKey = `${served.group}/${served.kind}`;
    let sorted = sortedByKind.get(kindKey);
    if (!sorted) {
      sorted = options.objects
        .filter(
          o => o.kind === served.kind && groupOf(o.apiVersion) === served.group,
        )
        .sort((a, b) => objectSortKey(a).localeCompare(objectSortKey(b)));
      sortedByKind.set(kindKey, sorted);
    }
    return sorted;
  };

  const send = (
    res: ServerResponse,
    record: RecordedRequest,
    code: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    record.status = code;
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    };
    requests.push(record);

    const collection = parseCollectionPath(url.pathname);
    const served = collection
      ? SERVED_RESOURCES.find(
          r =>
            r.group === collection.group &&
            r.plural === collection.plural &&
            r.versions.includes(collection.version),
        )
      : undefined;
    const key = collection
      ? resourceKey(collection.group, collection.version, collection.plural)
      : undefined;
    if (key) {
      record.resource = key;
      if (collection?.namespace) record.namespace = collection.namespace;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(res, record, 401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    authenticatedRequests += 1;
    if (authenticatedRequests <= (options.throttleFirstRequests ?? 0)) {
      send(
        res,
        record,
        429,
        status(
          429,
          'TooManyRequests',
          'Too many requests, please try again later.',
        ),
        { 'retry-after': '1' },
      );
      return;
    }

    if (
      !collection ||
      !served ||
      !key ||
      matches(key, options.notInstalled) ||
      // Cluster-scoped kinds have no namespaced path.
      (collection.namespace !== undefined && !served.namespaced)
    ) {
      send(
        res,
        record,
        404,
        status(
          404,
          'NotFound',
          'the server could not find the requested resource',
        ),
      );
      return;
    }
    if (record.method !== 'GET') {
      send(
        res,
        record,
        405,
        status(405, 'MethodNotAllowed', `${record.method} is not supported`),
      );
      return;
    }
    if (options.hang?.includes(key)) {
      return; // never answered; the socket is destroyed on close()
    }

    const answer = () => {
      if (options.forbidden?.includes(key)) {
        send(
          res,
          record,
          403,
          status(
            403,
            'Forbidden',
            `${served.plural}${
              served.group ? `.${served.group}` : ''
            } is forbidden: User "system:serviceaccount:backstage:istio-mesh" cannot list resource "${
              served.plural
            }" in API group "${served.group}" at the cluster scope`,
          ),
        );
        return;
      }
      const failure = options.failWith?.[key];
      if (failure) {
        send(
          res,
          record,
          failure,
          status(
            failure,
            'InternalError',
            'an error on the server has prevented the request from succeeding',
          ),
        );
        return;
      }

      let start = 0;
      let listVersion = String(resourceVersion);
      const continueToken = url.searchParams.get('continue');
      if (continueToken) {
        const state = continueTokens.get(continueToken);
        if (
          !state ||
          state.resource !== key ||
          state.namespace !== collection.namespace ||
          expireFirstContinue.delete(key)
        ) {
          send(
            res,
            record,
            410,
            status(
              410,
              'Expired',
              'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
            ),
          );
          return;
        }
        start = state.offset;
        listVersion = state.resourceVersion;
      }

      const labelSelector = url.searchParams.get('labelSelector');
      const requirements = labelSelector
        ? parseLabelSelector(labelSelector)
        : undefined;
      const items = objectsOfKind(served).filter(
        o =>
          (!collection.namespace ||
            o.metadata.namespace === collection.namespace) &&
          (!requirements ||
            matchesLabelSelector(requirements, o.metadata.labels ?? {})),
      );
      const limitParam = Number(url.searchParams.get('limit') ?? '0');
      const limit =
        Number.isInteger(limitParam) && limitParam > 0
          ? limitParam
          : items.length;
      const page = items.slice(start, start + limit);
      const metadata: Record<string, unknown> = {
        resourceVersion: listVersion,
      };
      if (start + limit < items.length) {
        const next = randomBytes(12).toString('base64url');
        continueTokens.set(next, {
          resource: key,
          namespace: collection.namespace,
          offset: start + limit,
          resourceVersion: listVersion,
        });
        metadata.continue = next;
        metadata.remainingItemCount = items.length - start - limit;
      }
      resourceVersion += 1;
      send(res, record, 200, {
        kind: `${served.kind}List`,
        apiVersion: apiVersionOf(served.group, collection.version),
        metadata,
        // The API server omits kind and apiVersion on list items.
        items: page.map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) =>
          JSON.parse(JSON.stringify(rest)),
        ),
      });
    };

    const delay = (options.delayMs?.[key] ?? 0) + latencyMs;
    if (delay) setTimeout(answer, delay);
    else answer();
  };

  const server: Server = createServer(handle);
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    listCalls: resource =>
      requests.filter(
        r =>
          r.method === 'GET' &&
          r.resource !== undefined &&
          (resource === undefined || r.resource === resource),
      ),
    expireContinueTokens: () => continueTokens.clear(),
    setLatencyMs: ms => {
      latencyMs = ms;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
