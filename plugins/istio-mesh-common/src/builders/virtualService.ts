import { KubernetesObject, ObjectMeta } from '../resources/objects';
import { assertDuration } from './durations';
import { invalidInput, ManifestSubject } from './invalidInput';
import {
  assertDns1123Label,
  assertHostname,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
} from './names';
import { ManifestMetadataInput, objectMetadata } from './objectMetadata';

/**
 * One destination subset of a weighted split.
 *
 * @public
 */
export interface TrafficSplitInput {
  /** DestinationRule subset, e.g. `v1`. */
  subset: string;
  /** Percentage of requests, 0-100; required when there are several subsets. */
  weight?: number;
}

/**
 * Requests whose header matches go to one subset (A/B testing).
 *
 * @public
 */
export interface HeaderMatchInput {
  /** Lower-case header name, e.g. `x-user-group`. */
  header: string;
  /** Exactly one of exact, prefix, regex. */
  exact?: string;
  prefix?: string;
  /** RE2 syntax. */
  regex?: string;
  /** Subset the matching requests go to. */
  subset: string;
}

/**
 * Retry policy of the routes.
 *
 * @public
 */
export interface RetriesInput {
  /** Number of retries; 0 disables retries. */
  attempts: number;
  /** Timeout of each try, e.g. `2s`. */
  perTryTimeout?: string;
  /** Comma-separated Envoy retry conditions, e.g. `5xx,reset,connect-failure`. */
  retryOn?: string;
}

/**
 * Fault injection: delay and/or abort a share of requests.
 *
 * @public
 */
export interface FaultInput {
  delay?: { fixedDelay: string; percentage: number };
  abort?: { httpStatus: number; percentage: number };
}

/**
 * Input of {@link buildVirtualService}.
 *
 * @public
 */
export interface VirtualServiceInput extends ManifestMetadataInput {
  /** The service the routes send traffic to, e.g. `productcatalogservice`. */
  host: string;
  /** Hosts the VirtualService applies to; default `[host]`. */
  hosts?: string[];
  /** `mesh`, `<gateway>` or `<namespace>/<gateway>`; default: the mesh only. */
  gateways?: string[];
  /** Destination port number, when the service has several ports. */
  port?: number;
  /** Weighted split between subsets, e.g. v1 90 / v2 10; absent: one route to `host`. */
  split?: TrafficSplitInput[];
  /** Header-based routing to one subset, ahead of the split. */
  headerMatch?: HeaderMatchInput;
  /** Default {@link DEFAULT_RETRIES}; null writes no retry policy (Istio's default). */
  retries?: RetriesInput | null;
  /** Request timeout; default {@link DEFAULT_TIMEOUT}; null writes none. */
  timeout?: string | null;
  fault?: FaultInput;
}

/**
 * The VirtualService fields the builder writes.
 *
 * @public
 */
export interface VirtualServiceManifest extends KubernetesObject {
  apiVersion: 'networking.istio.io/v1';
  kind: 'VirtualService';
  metadata: ObjectMeta;
  spec: {
    hosts: string[];
    gateways?: string[];
    http: Array<{
      name: string;
      match?: Array<{
        headers: Record<string, Record<string, string>>;
      }>;
      route: Array<{
        destination: {
          host: string;
          subset?: string;
          port?: { number: number };
        };
        weight?: number;
      }>;
      retries?: { attempts: number; perTryTimeout?: string; retryOn?: string };
      timeout?: string;
      fault?: {
        delay?: { fixedDelay: string; percentage: { value: number } };
        abort?: { httpStatus: number; percentage: { value: number } };
      };
    }>;
  };
}

/**
 * The seed's retry policy: 3 attempts of 2s each, on 5xx, reset and
 * connect failure.
 *
 * @public
 */
export const DEFAULT_RETRIES: Required<RetriesInput> = {
  attempts: 3,
  perTryTimeout: '2s',
  retryOn: '5xx,reset,connect-failure',
};

/** The seed's request timeout. @public */
export const DEFAULT_TIMEOUT = '10s';

/**
 * The seed's canary: 90 % of requests to v1, 10 % to v2.
 *
 * @public
 */
export const CANARY_SPLIT: TrafficSplitInput[] = [
  { subset: 'v1', weight: 90 },
  { subset: 'v2', weight: 10 },
];

// Envoy's retry conditions (HTTP and gRPC) as Istio accepts them in retryOn;
// HTTP status codes are accepted too.
const RETRY_CONDITIONS = new Set([
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'envoy-ratelimited',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]);

const HEADER_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

function checkPercentage(
  value: number,
  field: string,
  subject: ManifestSubject,
) {
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw invalidInput(
      field,
      `${value} is not a percentage between 0 and 100`,
      subject,
    );
  }
}

function checkGateway(value: string, field: string, subject: ManifestSubject) {
  if (value === 'mesh') return;
  const [namespace, name] = value.includes('/')
    ? value.split('/', 2)
    : [undefined, value];
  const problem =
    (namespace !== undefined ? dns1123LabelProblem(namespace) : undefined) ??
    dns1123SubdomainProblem(name);
  if (problem || value.split('/').length > 2) {
    throw invalidInput(
      field,
      `"${value}" is not a gateway reference: write 'mesh', '<gateway>' or '<namespace>/<gateway>'`,
      subject,
    );
  }
}

function checkUnique(
  values: string[],
  field: string,
  subject: ManifestSubject,
) {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) {
      throw invalidInput(field, `lists "${value}" more than once`, subject);
    }
    seen.add(value);
  }
}

function checkSplit(split: TrafficSplitInput[], subject: ManifestSubject) {
  split.forEach((entry, i) =>
    assertDns1123Label(entry.subset, `split[${i}].subset`, subject),
  );
  checkUnique(
    split.map(entry => entry.subset),
    'split',
    subject,
  );
  split.forEach((entry, i) => {
    const field = `split[${i}].weight`;
    if (entry.weight === undefined) {
      if (split.length > 1) {
        throw invalidInput(
          field,
          'is required when requests are split between several subsets',
          subject,
        );
      }
      return;
    }
    if (
      !Number.isInteger(entry.weight) ||
      entry.weight < 0 ||
      entry.weight > 100
    ) {
      throw invalidInput(
        field,
        `${entry.weight} is not a whole percentage between 0 and 100`,
        subject,
      );
    }
  });
  const total = split.reduce((sum, entry) => sum + (entry.weight ?? 100), 0);
  if (total !== 100) {
    throw invalidInput(
      'split',
      `weights must add up to 100, they add up to ${total}`,
      subject,
    );
  }
}

function checkHeaderMatch(
  headerMatch: HeaderMatchInput,
  split: TrafficSplitInput[],
  subject: ManifestSubject,
) {
  if (!HEADER_NAME.test(headerMatch.header)) {
    throw invalidInput(
      'headerMatch.header',
      `"${headerMatch.header}" is not a lower-case HTTP header name (Istio matches header names in lower case), e.g. 'x-user-group'`,
      subject,
    );
  }
  const kinds = (['exact', 'prefix', 'regex'] as const).filter(
    kind => headerMatch[kind] !== undefined,
  );
  if (kinds.length !== 1) {
    throw invalidInput(
      'headerMatch',
      `set exactly one of exact, prefix, regex (got ${
        kinds.length ? kinds.join(', ') : 'none'
      })`,
      subject,
    );
  }
  if (headerMatch[kinds[0]] === '') {
    throw invalidInput(`headerMatch.${kinds[0]}`, 'is empty', subject);
  }
  assertDns1123Label(headerMatch.subset, 'headerMatch.subset', subject);
  if (split.length === 0) {
    throw invalidInput(
      'headerMatch',
      `sends matching requests to subset "${headerMatch.subset}", but split is empty: set split to the subset(s) every other request goes to`,
      subject,
    );
  }
  if (split.length === 1 && split[0].subset === headerMatch.subset) {
    throw invalidInput(
      'headerMatch.subset',
      `"${headerMatch.subset}" is also where split sends every other request, so the match changes nothing`,
      subject,
    );
  }
}

function checkRetries(
  retries: RetriesInput,
  timeoutMs: number | undefined,
  subject: ManifestSubject,
) {
  if (!Number.isInteger(retries.attempts) || retries.attempts < 0) {
    throw invalidInput(
      'retries.attempts',
      `${retries.attempts} is not a whole number of 0 or more`,
      subject,
    );
  }
  if (retries.perTryTimeout !== undefined) {
    const perTryMs = assertDuration(
      retries.perTryTimeout,
      'retries.perTryTimeout',
      subject,
    );
    if (timeoutMs !== undefined && perTryMs > timeoutMs) {
      throw invalidInput(
        'retries.perTryTimeout',
        `${retries.perTryTimeout} is longer than timeout, so no retry could ever happen`,
        subject,
      );
    }
  }
  if (retries.retryOn !== undefined) {
    for (const condition of retries.retryOn.split(',')) {
      if (!RETRY_CONDITIONS.has(condition) && !/^[1-5]\d\d$/.test(condition)) {
        throw invalidInput(
          'retries.retryOn',
          `"${condition}" is not a retry condition; use comma-separated values among ${[
            ...RETRY_CONDITIONS,
          ].join(', ')} or HTTP status codes`,
          subject,
        );
      }
    }
  }
}

function checkFault(fault: FaultInput, subject: ManifestSubject) {
  if (!fault.delay && !fault.abort) {
    throw invalidInput('fault', 'set delay, abort or both', subject);
  }
  if (fault.delay) {
    assertDuration(fault.delay.fixedDelay, 'fault.delay.fixedDelay', subject);
    checkPercentage(fault.delay.percentage, 'fault.delay.percentage', subject);
  }
  if (fault.abort) {
    const status = fault.abort.httpStatus;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw invalidInput(
        'fault.abort.httpStatus',
        `${status} is not an HTTP status between 200 and 599`,
        subject,
      );
    }
    checkPercentage(fault.abort.percentage, 'fault.abort.percentage', subject);
  }
}

/**
 * Builds a VirtualService: an optional header match (A/B) to one subset,
 * then the weighted split (canary) or a single route, each with the retry
 * policy, timeout and fault injection. Every input is checked; an
 * `InputError` names the offending field, e.g. `split` when the weights do
 * not add up to 100, or `headerMatch` without a `split` to send the other
 * requests to.
 *
 * @public
 */
export function buildVirtualService(
  input: VirtualServiceInput,
): VirtualServiceManifest {
  const { subject, metadata } = objectMetadata('VirtualService', input);
  assertHostname(input.host, 'host', subject);
  const hosts = input.hosts?.length ? input.hosts : [input.host];
  hosts.forEach((host, i) =>
    assertHostname(host, `hosts[${i}]`, subject, { wildcard: 'any' }),
  );
  checkUnique(hosts, 'hosts', subject);
  const gateways = input.gateways ?? [];
  gateways.forEach((gateway, i) =>
    checkGateway(gateway, `gateways[${i}]`, subject),
  );
  checkUnique(gateways, 'gateways', subject);
  if (
    input.port !== undefined &&
    (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)
  ) {
    throw invalidInput(
      'port',
      `${input.port} is not a port number (1-65535)`,
      subject,
    );
  }
  const split = input.split ?? [];
  if (split.length > 0) checkSplit(split, subject);
  if (input.headerMatch) checkHeaderMatch(input.headerMatch, split, subject);
  const timeout = input.timeout === undefined ? DEFAULT_TIMEOUT : input.timeout;
  const timeoutMs =
    timeout === null ? undefined : assertDuration(timeout, 'timeout', subject);
  const retries = input.retries === undefined ? DEFAULT_RETRIES : input.retries;
  if (retries) checkRetries(retries, timeoutMs, subject);
  if (input.fault) checkFault(input.fault, subject);

  const destination = (subset?: string) => ({
    host: input.host,
    ...(subset ? { subset } : {}),
    ...(input.port ? { port: { number: input.port } } : {}),
  });
  const policy = {
    ...(retries
      ? {
          retries: {
            attempts: retries.attempts,
            ...(retries.perTryTimeout
              ? { perTryTimeout: retries.perTryTimeout }
              : {}),
            ...(retries.retryOn ? { retryOn: retries.retryOn } : {}),
          },
        }
      : {}),
    ...(timeout !== null ? { timeout } : {}),
    ...(input.fault
      ? {
          fault: {
            ...(input.fault.delay
              ? {
                  delay: {
                    fixedDelay: input.fault.delay.fixedDelay,
                    percentage: { value: input.fault.delay.percentage },
                  },
                }
              : {}),
            ...(input.fault.abort
              ? {
                  abort: {
                    httpStatus: input.fault.abort.httpStatus,
                    percentage: { value: input.fault.abort.percentage },
                  },
                }
              : {}),
          },
        }
      : {}),
  };
  const http: VirtualServiceManifest['spec']['http'] = [];
  if (input.headerMatch) {
    const { header, subset } = input.headerMatch;
    const kind = (['exact', 'prefix', 'regex'] as const).find(
      k => input.headerMatch?.[k] !== undefined,
    )!;
    http.push({
      name: `${subset}-by-header`,
      match: [{ headers: { [header]: { [kind]: input.headerMatch[kind]! } } }],
      route: [{ destination: destination(subset) }],
      ...policy,
    });
  }
  http.push({
    name: split.length > 1 ? 'canary' : 'default',
    route:
      split.length === 0
        ? [{ destination: destination() }]
        : split.map(entry => ({
            destination: destination(entry.subset),
            ...(split.length > 1 ? { weight: entry.weight } : {}),
          })),
    ...policy,
  });

  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata,
    spec: {
      hosts,
      ...(gateways.length ? { gateways } : {}),
      http,
    },
  };
}
