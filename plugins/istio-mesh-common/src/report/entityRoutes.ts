import { MeshIndex } from '../resources/meshIndex';
import { KubernetesObject, objectKey } from '../resources/objects';
import {
  isRecord,
  recordList,
  stringList,
  stringMap,
} from '../resources/specFields';
import { matchesLabels } from '../labels/labelSelector';
import { resolveShortName } from '../resolution/hosts';
import { destinationRulesForHost } from '../resolution/trafficBinding';
import { effectiveRetryPolicy } from '../resolution/resilience';
import {
  DestinationPolicy,
  EntityRoute,
  EntityRouteDestination,
} from '../types/entityTraffic';
import { EvaluatedWorkload } from './workloadReports';

const specOf = (object: KubernetesObject): Record<string, unknown> =>
  isRecord(object.spec) ? object.spec : {};

/** One HTTP match request in words: `uri prefix /api`, `header end-user exact jason`. */
function describeMatch(match: Record<string, unknown>): string {
  const parts: string[] = [];
  const describeString = (what: string, value: unknown) => {
    if (!isRecord(value)) return;
    for (const [kind, text] of Object.entries(value)) {
      if (typeof text === 'string') parts.push(`${what} ${kind} ${text}`);
    }
  };
  describeString('uri', match.uri);
  describeString('method', match.method);
  describeString('authority', match.authority);
  describeString('scheme', match.scheme);
  for (const [field, label] of [
    ['headers', 'header'],
    ['queryParams', 'query'],
  ] as const) {
    const values = match[field];
    if (!isRecord(values)) continue;
    for (const [name, value] of Object.entries(values)) {
      describeString(`${label} ${name}`, value);
    }
  }
  if (typeof match.port === 'number') parts.push(`port ${match.port}`);
  const sourceLabels = stringMap(match.sourceLabels);
  if (sourceLabels && Object.keys(sourceLabels).length > 0) {
    parts.push(
      `from pods ${Object.entries(sourceLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`,
    );
  }
  if (typeof match.sourceNamespace === 'string') {
    parts.push(`from namespace ${match.sourceNamespace}`);
  }
  return parts.length > 0 ? parts.join(' and ') : 'every request';
}

function describeFault(fault: unknown): EntityRoute['fault'] {
  if (!isRecord(fault)) return undefined;
  const share = (value: unknown) =>
    isRecord(value) && typeof value.value === 'number'
      ? ` for ${value.value}% of requests`
      : '';
  const result: NonNullable<EntityRoute['fault']> = {};
  if (isRecord(fault.delay)) {
    const delay = fault.delay.fixedDelay;
    if (typeof delay === 'string') {
      result.delay = `${delay} delay${share(fault.delay.percentage)}`;
    }
  }
  if (isRecord(fault.abort)) {
    const status = fault.abort.httpStatus ?? fault.abort.grpcStatus;
    if (status !== undefined) {
      result.abort = `abort with ${status}${share(fault.abort.percentage)}`;
    }
  }
  return result.delay || result.abort ? result : undefined;
}

function runningPods(
  index: MeshIndex,
  service: KubernetesObject | undefined,
  subsetLabels: Record<string, string>,
): number {
  const selector = service && stringMap(specOf(service).selector);
  if (!service || !selector || Object.keys(selector).length === 0) return 0;
  const namespace = service.metadata.namespace;
  return index.pods.filter(
    pod =>
      pod.metadata.namespace === namespace &&
      pod.status?.phase === 'Running' &&
      matchesLabels(selector, pod.metadata.labels) &&
      matchesLabels(subsetLabels, pod.metadata.labels),
  ).length;
}

function subsetsOf(rule: KubernetesObject | undefined) {
  return new Map(
    recordList(rule && specOf(rule).subsets).flatMap(subset =>
      typeof subset.name === 'string'
        ? [[subset.name, stringMap(subset.labels) ?? {}] as const]
        : [],
    ),
  );
}

function destinationOf(
  raw: Record<string, unknown>,
  weight: number,
  context: {
    index: MeshIndex;
    virtualServiceNamespace: string;
    clientNamespace: string;
  },
): EntityRouteDestination {
  const destination = isRecord(raw.destination) ? raw.destination : {};
  const shortHost =
    typeof destination.host === 'string' ? destination.host : '';
  const host = resolveShortName(shortHost, context.virtualServiceNamespace);
  const subset =
    typeof destination.subset === 'string' ? destination.subset : undefined;
  const port =
    isRecord(destination.port) && typeof destination.port.number === 'number'
      ? destination.port.number
      : undefined;
  const service = context.index.services.find(
    s => resolveShortName(s.metadata.name, s.metadata.namespace ?? '') === host,
  );
  let subsetLabels: Record<string, string> | undefined = {};
  if (subset) {
    const binding = destinationRulesForHost(
      context.index.destinationRules,
      host,
      service?.metadata.namespace ?? context.virtualServiceNamespace,
      context.clientNamespace,
      { rootNamespace: context.index.rootNamespace },
    );
    subsetLabels = subsetsOf(binding?.rule).get(subset);
  }
  return {
    host: shortHost,
    ...(subset ? { subset } : {}),
    ...(port !== undefined ? { port } : {}),
    weight,
    podsRunning: subsetLabels
      ? runningPods(context.index, service, subsetLabels)
      : 0,
    ...(subset ? { subsetDefined: subsetLabels !== undefined } : {}),
  };
}

function routesOf(
  virtualService: KubernetesObject,
  index: MeshIndex,
  clientNamespace: string,
): EntityRoute[] {
  const spec = specOf(virtualService);
  const gateways = stringList(spec.gateways);
  const context = {
    index,
    virtualServiceNamespace: virtualService.metadata.namespace ?? '',
    clientNamespace,
  };
  return recordList(spec.http).map(http => {
    const raw = recordList(http.route);
    // A lone destination takes every request whatever its weight says.
    const weightOf = (d: Record<string, unknown>) => {
      if (raw.length === 1) return 100;
      return typeof d.weight === 'number' ? d.weight : 0;
    };
    const destinations = raw.map(d => destinationOf(d, weightOf(d), context));
    const retries = effectiveRetryPolicy(http);
    const fault = describeFault(http.fault);
    return {
      virtualService: objectKey(virtualService),
      ...(typeof http.name === 'string' ? { name: http.name } : {}),
      gateways: gateways.length > 0 ? gateways : ['mesh'],
      match: recordList(http.match).map(describeMatch),
      destinations,
      retries: {
        attempts: retries.attempts,
        ...(retries.perTryTimeout
          ? { perTryTimeout: retries.perTryTimeout }
          : {}),
        ...(retries.retryOn ? { retryOn: retries.retryOn } : {}),
      },
      ...(typeof http.timeout === 'string' ? { timeout: http.timeout } : {}),
      ...(fault ? { fault } : {}),
    };
  });
}

const numberField = (record: Record<string, unknown>, field: string) =>
  typeof record[field] === 'number' ? { [field]: record[field] } : {};
const stringField = (record: Record<string, unknown>, field: string) =>
  typeof record[field] === 'string' ? { [field]: record[field] } : {};

function policyOf(
  host: string,
  destinationRules: KubernetesObject[],
  rule: KubernetesObject,
): DestinationPolicy {
  const { trafficPolicy: read } = specOf(rule);
  const trafficPolicy = isRecord(read) ? read : {};
  const pool = isRecord(trafficPolicy.connectionPool)
    ? trafficPolicy.connectionPool
    : undefined;
  const tcp = pool && isRecord(pool.tcp) ? pool.tcp : {};
  const http = pool && isRecord(pool.http) ? pool.http : {};
  const outlier = isRecord(trafficPolicy.outlierDetection)
    ? trafficPolicy.outlierDetection
    : undefined;
  const loadBalancer = isRecord(trafficPolicy.loadBalancer)
    ? trafficPolicy.loadBalancer
    : undefined;
  let balancer: string | undefined;
  if (typeof loadBalancer?.simple === 'string') balancer = loadBalancer.simple;
  else if (isRecord(loadBalancer?.consistentHash)) balancer = 'consistentHash';
  return {
    destinationRules: destinationRules.map(objectKey).sort(),
    host,
    ...(balancer ? { loadBalancer: balancer } : {}),
    ...(pool
      ? {
          connectionPool: {
            ...numberField(tcp, 'maxConnections'),
            ...stringField(tcp, 'connectTimeout'),
            ...numberField(http, 'http1MaxPendingRequests'),
            ...numberField(http, 'http2MaxRequests'),
            ...numberField(http, 'maxRequestsPerConnection'),
            ...numberField(http, 'maxRetries'),
          },
        }
      : {}),
    ...(outlier
      ? {
          outlierDetection: {
            ...numberField(outlier, 'consecutive5xxErrors'),
            ...numberField(outlier, 'consecutiveGatewayErrors'),
            ...stringField(outlier, 'interval'),
            ...stringField(outlier, 'baseEjectionTime'),
            ...numberField(outlier, 'maxEjectionPercent'),
          },
        }
      : {}),
    subsets: [...subsetsOf(rule).keys()],
  };
}

/**
 * How traffic to an entity's workloads is routed: each HTTP route of the
 * VirtualServices bound to their Services, with its match in words, its
 * destinations (weights, subsets, and the running pods each subset
 * selects), retries as Envoy gets them, timeout and faults; and, per
 * Service host, the merged DestinationRule's load balancer, connection pool
 * and outlier detection in plain fields.
 *
 * @public
 */
export function entityRoutes(workloads: readonly EvaluatedWorkload[]): {
  routes: EntityRoute[];
  destinationPolicies: DestinationPolicy[];
} {
  const routes: EntityRoute[] = [];
  const destinationPolicies: DestinationPolicy[] = [];
  const seenRoutes = new Set<string>();
  const seenHosts = new Set<string>();
  for (const evaluated of workloads) {
    const { index } = evaluated.authorization;
    for (const traffic of evaluated.traffic) {
      for (const virtualService of traffic.virtualServices) {
        const key = objectKey(virtualService);
        if (seenRoutes.has(key)) continue;
        seenRoutes.add(key);
        routes.push(
          ...routesOf(virtualService, index, evaluated.workload.namespace),
        );
      }
      const binding = traffic.destinationRules;
      if (binding && !seenHosts.has(traffic.host)) {
        seenHosts.add(traffic.host);
        destinationPolicies.push(
          policyOf(traffic.host, binding.destinationRules, binding.rule),
        );
      }
    }
  }
  return { routes, destinationPolicies };
}
