import { AnalyzerMessage } from '../analyzer/types';
import { WorkloadReport } from '../types/mesh';
import { EntityFinding } from '../types/entityTraffic';

const LEVEL_ORDER = { Error: 0, Warning: 1, Info: 2 } as const;

const resourceKey = (kind: string, namespace: string, name: string) =>
  `${kind}/${namespace}/${name}`;

/** The resources that govern a workload, as `Kind/namespace/name`. */
function governingResources(workload: WorkloadReport): string[] {
  const { namespace } = workload;
  const namespaced = (kind: string, names: string[]) =>
    names.map(name => resourceKey(kind, namespace, name));
  // Policies and routes are listed as `namespace/name`, possibly from the
  // root namespace or another one.
  const qualified = (kind: string, keys: string[]) =>
    keys.map(key => {
      const slash = key.indexOf('/');
      return resourceKey(kind, key.slice(0, slash), key.slice(slash + 1));
    });
  return [
    resourceKey(workload.kind, namespace, workload.name),
    resourceKey('Namespace', '', namespace),
    ...namespaced(
      'Pod',
      workload.pods.map(p => p.name),
    ),
    ...namespaced('Service', workload.services ?? []),
    ...qualified('PeerAuthentication', workload.mtls.policies),
    ...qualified('AuthorizationPolicy', workload.authorization.policies),
    ...qualified('VirtualService', workload.virtualServices),
    ...qualified('DestinationRule', workload.destinationRules),
  ];
}

/**
 * The analyzer's messages about the resources that govern an entity's
 * workloads, errors first, each once.
 *
 * @public
 */
export function entityFindings(
  messages: readonly AnalyzerMessage[],
  workloads: readonly WorkloadReport[],
): EntityFinding[] {
  const governing = new Set(workloads.flatMap(governingResources));
  const seen = new Set<string>();
  const findings: EntityFinding[] = [];
  for (const m of messages) {
    if (!governing.has(resourceKey(m.kind, m.namespace, m.name))) continue;
    const resource = m.namespace
      ? `${m.kind} ${m.namespace}/${m.name}`
      : `${m.kind} ${m.name}`;
    const key = `${m.code} ${resource} ${m.path} ${m.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      code: m.code,
      level: m.level,
      message: m.message,
      resource,
      ...(m.path ? { path: m.path } : {}),
      documentationUrl: m.documentationUrl,
    });
  }
  return findings.sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      a.resource.localeCompare(b.resource) ||
      a.code.localeCompare(b.code),
  );
}
