import { objectsInNamespace } from '../resources/objectsInNamespace';
import { Criterion, Evidence } from '../types/criteria';
import { MeshIndex } from '../resources/meshIndex';
import { KubernetesObject, objectKey, Pod } from '../resources/objects';
import { isRecord } from '../resources/specFields';
import { matchesLabels } from '../labels/labelSelector';
import { isActivePod } from '../resolution/dataplane';
import { resolveShortName } from '../resolution/hosts';
import { Workload } from '../resolution/workloads';
import { ServiceTraffic, workloadTraffic } from '../resolution/workloadTraffic';
import {
  canEjectAnyHost,
  effectiveOutlierDetection,
  effectiveRetryPolicy,
} from '../resolution/resilience';
import {
  destinationRuleSpec,
  routeWeights,
  virtualServiceSpec,
  VirtualServiceRule,
} from '../resolution/trafficBinding';
import { FIX_TEMPLATES } from './fixTemplates';
import { WorkloadCriterionDefinition } from './criterionDefinition';
import { withObservedSplit } from './observedRuntime';

/**
 * What {@link evaluateTrafficPolicy} reads.
 *
 * @public
 */
export interface TrafficPolicyInput {
  workload: Workload;
  /** The objects of the workload's cluster. */
  index: MeshIndex;
  /** {@link workloadTraffic} of the workload, when already computed. */
  traffic?: ServiceTraffic[];
}

/** Which of the four resilience settings cover every host of the workload. */
interface Coverage {
  retries: boolean;
  timeout: boolean;
  outlierDetection: boolean;
  connectionPool: boolean;
}

/** What one Service of the workload contributes to the verdict. */
interface HostFindings {
  coverage: Coverage;
  hasResources: boolean;
  /** Subsets that receive traffic but do not exist or select no pod. */
  brokenSubsets: string[];
  /** Subsets with the same problem that a route gives 0 % of its traffic. */
  idleBrokenSubsets: string[];
  /** Why outlier detection can never eject a host, when it cannot. */
  ejectionProblem?: string;
  evidence: Evidence[];
}

const FEATURE_NAMES: Record<keyof Coverage, string> = {
  retries: 'no explicit retries',
  timeout: 'no timeout',
  outlierDetection: 'no outlier detection',
  connectionPool: 'no connection pool',
};

const percent = (value: number) => `${Number(value.toFixed(1))}%`;
const pods = (count: number) => `${count} pod${count === 1 ? '' : 's'}`;

/** A timeout of zero disables it, as an absent one does. */
function routeTimeout(route: VirtualServiceRule): string | undefined {
  const timeout = (route as Record<string, unknown>).timeout;
  if (typeof timeout !== 'string' || /^0+(\.0+)?(s|ms|m|h)?$/.test(timeout)) {
    return undefined;
  }
  return timeout;
}

function describeConnectionPool(pool: Record<string, unknown>): string {
  const settings = Object.entries(pool).flatMap(([protocol, values]) =>
    isRecord(values)
      ? Object.entries(values).map(
          ([key, value]) =>
            `${protocol}.${key} ${
              isRecord(value) ? JSON.stringify(value) : String(value)
            }`,
        )
      : [],
  );
  return settings.length ? settings.join(', ') : 'set with no limits';
}

function evaluateHost(
  traffic: ServiceTraffic,
  namespace: string,
  index: MeshIndex,
): HostFindings {
  const { service, host, virtualServices } = traffic;
  const serviceName = service.metadata.name;
  // The pods behind the Service: a canary's subsets select other
  // workloads' pods (reviews-v2 next to reviews-v1), so subsets and
  // ejection are judged against all of them.
  const backends: Pod[] = objectsInNamespace(index.pods, namespace).filter(
    pod =>
      isActivePod(pod) &&
      matchesLabels(service.spec.selector, pod.metadata.labels),
  );
  const binding = traffic.destinationRules;
  const destinationRule = binding?.rule;
  const subsets = destinationRule
    ? destinationRuleSpec(destinationRule).subsets
    : [];

  const evidence: Evidence[] = [];
  const about = (object: KubernetesObject, message: string) =>
    evidence.push({
      kind: object.kind,
      namespace: object.metadata.namespace ?? '',
      name: object.metadata.name,
      message,
    });
  const aboutService = (message: string) => about(service, message);

  const brokenSubsets: string[] = [];
  const idleBrokenSubsets: string[] = [];
  // Endpoint sets traffic reaches: `undefined` for the whole Service, else a subset name.
  const clusters = new Set<string | undefined>();
  let httpRoutes = 0;
  let retried = 0;
  let timed = 0;

  for (const virtualService of virtualServices) {
    const spec = virtualServiceSpec(virtualService);
    const vsNamespace = virtualService.metadata.namespace ?? '';
    const say = (message: string) => about(virtualService, message);
    if (virtualServices.length > 1) {
      say(
        `one of ${virtualServices.length} VirtualServices for ${host}; which one sidecars use is undefined (IST0109)`,
      );
    }
    if (spec.http.length === 0) {
      say('no http routes; retries and timeouts apply to HTTP only');
    }
    for (const [i, route] of spec.http.entries()) {
      httpRoutes++;
      const retry = effectiveRetryPolicy(route);
      if (retry.source === 'istio-default') {
        say(
          `http[${i}]: no retries; Istio's default applies (${retry.attempts} attempts on ${retry.retryOn})`,
        );
      } else if (retry.attempts === 0) {
        say(`http[${i}].retries: attempts 0 disables retries`);
      } else {
        retried++;
        say(
          `http[${i}].retries: ${retry.attempts} attempts${
            retry.perTryTimeout ? `, perTryTimeout ${retry.perTryTimeout}` : ''
          }`,
        );
      }
      const timeout = routeTimeout(route);
      if (timeout) {
        timed++;
        say(`http[${i}].timeout: ${timeout}`);
      } else {
        say(`http[${i}]: no timeout; Istio sets none by default`);
      }
    }

    const rules = [
      ...spec.http.map((rule, i) => ({ rule, path: `http[${i}]` })),
      ...spec.tcp.map((rule, i) => ({ rule, path: `tcp[${i}]` })),
      ...spec.tls.map((rule, i) => ({ rule, path: `tls[${i}]` })),
    ];
    for (const { rule, path } of rules) {
      const weights = routeWeights(rule.route ?? []);
      const label = (destination: { host?: string; subset?: string }) => {
        const target = resolveShortName(destination.host ?? '', vsNamespace);
        const name = target === host ? '' : destination.host ?? '';
        const subset = destination.subset ? `subset ${destination.subset}` : '';
        return [name, subset].filter(Boolean).join(' ') || serviceName;
      };
      if (weights.length > 1 || weights.some(w => w.destination.subset)) {
        say(
          `${path}.route: ${weights
            .map(w => `${percent(w.percent)} to ${label(w.destination)}`)
            .join(', ')}`,
        );
      }
      weights.forEach(({ destination, percent: share }, j) => {
        const target = resolveShortName(destination.host ?? '', vsNamespace);
        if (target !== host) return;
        clusters.add(destination.subset);
        if (!destination.subset) return;
        const where = `${path}.route[${j}]`;
        const subset = subsets.find(s => s.name === destination.subset);
        let problem: string | undefined;
        if (!subset) {
          problem = destinationRule
            ? `is not defined by DestinationRule ${destinationRule.metadata.namespace}/${destinationRule.metadata.name}`
            : 'is not defined by any DestinationRule';
        } else if (
          !backends.some(pod =>
            matchesLabels(subset.labels, pod.metadata.labels),
          )
        ) {
          problem = `selects no pod of Service ${serviceName}`;
        }
        if (!problem) return;
        if (share > 0) {
          brokenSubsets.push(`${destination.subset} of ${serviceName}`);
          say(
            `${where}: subset ${destination.subset} ${problem}; its ${percent(
              share,
            )} of requests fail with 503`,
          );
        } else {
          idleBrokenSubsets.push(`${destination.subset} of ${serviceName}`);
          say(
            `${where}: subset ${destination.subset} ${problem}; it gets no traffic now`,
          );
        }
      });
    }
  }
  if (virtualServices.length === 0) {
    aboutService(
      `no VirtualService routes ${host}; Istio's default retries apply and there is no timeout`,
    );
    clusters.add(undefined);
  }

  const trafficPolicy =
    destinationRule && isRecord(destinationRule.spec)
      ? destinationRule.spec.trafficPolicy
      : undefined;
  const policy = isRecord(trafficPolicy) ? trafficPolicy : {};
  const detection = effectiveOutlierDetection(policy.outlierDetection);
  let ejectionProblem: string | undefined;
  if (destinationRule) {
    const say = (message: string) => about(destinationRule, message);
    if (binding && binding.destinationRules.length > 1) {
      say(`merged from ${binding.destinationRules.map(objectKey).join(', ')}`);
    }
    if (detection) {
      const triggers = [
        detection.consecutive5xxErrors > 0
          ? `${detection.consecutive5xxErrors} consecutive 5xx`
          : '',
        detection.consecutiveGatewayErrors > 0
          ? `${detection.consecutiveGatewayErrors} consecutive gateway errors`
          : '',
      ].filter(Boolean);
      say(
        triggers.length
          ? `trafficPolicy.outlierDetection: ejects a pod after ${triggers.join(
              ' or ',
            )} (interval ${detection.interval}, base ejection ${
              detection.baseEjectionTime
            }, at most ${detection.maxEjectionPercent}% of pods)`
          : 'trafficPolicy.outlierDetection: consecutive5xxErrors 0 disables ejection',
      );
      for (const cluster of [...clusters].sort()) {
        const subset = subsets.find(s => s.name === cluster);
        // An undefined subset is reported above as a broken route.
        if (cluster !== undefined && !subset) continue;
        const endpoints = backends.filter(pod =>
          matchesLabels(subset?.labels, pod.metadata.labels),
        ).length;
        // So is a subset without pods.
        if (endpoints === 0 || canEjectAnyHost(detection, endpoints)) continue;
        const target = cluster ? `subset ${cluster}` : serviceName;
        const reason =
          triggers.length === 0
            ? `outlier detection for ${target} is disabled`
            : `outlier detection cannot eject any of the ${pods(
                endpoints,
              )} of ${target} (maxEjectionPercent ${
                detection.maxEjectionPercent
              })`;
        ejectionProblem ??= reason;
        if (triggers.length) {
          say(
            `trafficPolicy.outlierDetection.maxEjectionPercent: ${
              detection.maxEjectionPercent
            }% of ${pods(
              endpoints,
            )} of ${target} is less than one pod, so none is ever ejected`,
          );
        }
      }
    } else {
      say('no trafficPolicy.outlierDetection; failing pods are never ejected');
    }
    if (isRecord(policy.connectionPool)) {
      say(
        `trafficPolicy.connectionPool: ${describeConnectionPool(
          policy.connectionPool,
        )}`,
      );
    } else {
      say('no trafficPolicy.connectionPool; connections are unlimited');
    }
  } else {
    aboutService(
      `no DestinationRule applies to ${host} for clients in ${namespace}`,
    );
  }

  return {
    coverage: {
      retries: httpRoutes > 0 && retried === httpRoutes,
      timeout: httpRoutes > 0 && timed === httpRoutes,
      outlierDetection: detection !== undefined,
      connectionPool: isRecord(policy.connectionPool),
    },
    hasResources: virtualServices.length > 0 || destinationRule !== undefined,
    brokenSubsets,
    idleBrokenSubsets,
    ...(ejectionProblem ? { ejectionProblem } : {}),
    evidence,
  };
}

/**
 * `traffic-policy` for one workload: the traffic to each of its Services,
 * as sidecars in its namespace see it, has explicit retries and a timeout
 * (VirtualService), outlier detection that can eject a pod and a
 * connection pool (DestinationRule), and every subset a route sends
 * traffic to exists and selects a pod behind the Service.
 *
 * @public
 */
export function evaluateTrafficPolicy(input: TrafficPolicyInput): Criterion {
  const { workload, index } = input;
  const ref = `${workload.kind} ${workload.namespace}/${workload.name}`;
  const traffic = input.traffic ?? workloadTraffic(workload, index);
  const services = traffic.map(t => t.service);
  if (services.length === 0) {
    return {
      id: 'traffic-policy',
      status: 'unknown',
      summary: `${ref} has no Service, so no mesh traffic is routed to it`,
      evidence: [
        {
          kind: workload.kind,
          namespace: workload.namespace,
          name: workload.name,
          message: 'no Service in its namespace selects its pods',
        },
      ],
    };
  }

  const findings = traffic.map(t => evaluateHost(t, workload.namespace, index));
  const evidence = findings.flatMap(f => f.evidence);
  const names = services.map(s => s.metadata.name).join(', ');
  const covered = (feature: keyof Coverage) =>
    findings.every(f => f.coverage[feature]);
  const features = Object.keys(FEATURE_NAMES) as Array<keyof Coverage>;
  const missing = features.filter(feature => !covered(feature));
  const brokenSubsets = findings.flatMap(f => f.brokenSubsets);

  if (brokenSubsets.length > 0) {
    return {
      id: 'traffic-policy',
      status: 'fail',
      summary: `Routes to ${ref} send traffic to subsets that do not exist or select no pod, which fails with 503: ${brokenSubsets.join(
        ', ',
      )}`,
      evidence,
      fixTemplate: FIX_TEMPLATES.canaryRollout,
    };
  }
  const retriesOrTimeoutMissing =
    missing.includes('retries') || missing.includes('timeout');
  if (missing.length === features.length) {
    return {
      id: 'traffic-policy',
      status: 'fail',
      summary: findings.some(f => f.hasResources)
        ? `Traffic to ${ref} has no retries, timeout, outlier detection or connection pool`
        : `No VirtualService or DestinationRule governs traffic to ${ref} (Service ${names})`,
      evidence,
      fixTemplate: FIX_TEMPLATES.retriesTimeouts,
    };
  }

  const ejectionProblems = findings.flatMap(f =>
    f.ejectionProblem ? [f.ejectionProblem] : [],
  );
  const idleBroken = findings.flatMap(f => f.idleBrokenSubsets);
  const problems = [
    ...(missing.length
      ? [missing.map(feature => FEATURE_NAMES[feature]).join(', ')]
      : []),
    ...ejectionProblems,
    ...(idleBroken.length
      ? [`routes name broken subsets (0% of traffic): ${idleBroken.join(', ')}`]
      : []),
  ];
  if (problems.length > 0) {
    let fixTemplate: string = FIX_TEMPLATES.canaryRollout;
    if (retriesOrTimeoutMissing) fixTemplate = FIX_TEMPLATES.retriesTimeouts;
    else if (missing.length || ejectionProblems.length) {
      fixTemplate = FIX_TEMPLATES.circuitBreaker;
    }
    return {
      id: 'traffic-policy',
      status: 'warn',
      summary: `Traffic policy for ${ref} is incomplete: ${problems.join(
        '; ',
      )}`,
      evidence,
      fixTemplate,
    };
  }
  return {
    id: 'traffic-policy',
    status: 'pass',
    summary: `Traffic to ${ref} has retries, a timeout, outlier detection and a connection pool`,
    evidence,
  };
}

/**
 * `traffic-policy`: the entity's Services have routes with timeouts and
 * retries, and resilience settings, whose subsets exist; an observed split
 * far from the configured weights warns.
 *
 * @public
 */
export const trafficPolicyCriterion: WorkloadCriterionDefinition<'traffic-policy'> =
  {
    id: 'traffic-policy',
    title: 'Traffic policy',
    scope: 'workload',
    level: 'silver',
    fixTemplates: [
      FIX_TEMPLATES.canaryRollout,
      FIX_TEMPLATES.retriesTimeouts,
      FIX_TEMPLATES.circuitBreaker,
    ],
    evaluate: evaluateTrafficPolicy,
    observe: (criterion, { runtime }) => withObservedSplit(criterion, runtime),
  };
