import { objectsInNamespace } from '../resources/objectsInNamespace';
import { matchesLabels } from '../labels/labelSelector';
import {
  Container,
  objectKey,
  Pod,
  Service,
  ServicePort,
} from '../resources/objects';
import { MtlsMode } from '../types/mesh';
import { ClientTls, effectiveClientTls, EndpointSidecars } from './clientTls';
import {
  ConsolidatedDestinationRule,
  DestinationRuleIndex,
  selectDestinationRule,
} from './destinationRuleIndex';
import { resolveShortName } from './hosts';
import { destinationRuleSpec } from './trafficBinding';

/**
 * What clients send to a Service port, as the server's report shows it:
 * the DestinationRule's `tls.mode` when it sets one, `AUTO` when auto mTLS
 * sends Istio mTLS, `DISABLE` for plaintext.
 *
 * @public
 */
export type ClientTlsReportMode =
  | 'ISTIO_MUTUAL'
  | 'MUTUAL'
  | 'SIMPLE'
  | 'DISABLE'
  | 'AUTO';

/**
 * The TLS clients in one namespace use towards one port of a Service that
 * selects the workload.
 *
 * @public
 */
export interface WorkloadClientTls {
  /** Name of the Service, in the workload's namespace. */
  service: string;
  /** Service port the clients connect to. */
  port: number;
  /** The workload (container) port it forwards to, when known. */
  targetPort?: number;
  /**
   * Namespace of the clients; `*` stands for every namespace that has no
   * entry of its own.
   */
  clientNamespace: string;
  /**
   * For a DestinationRule with a `workloadSelector`: the labels of the
   * clients it applies to. An entry without it covers the namespace's other
   * clients.
   */
  clientSelector?: Record<string, string>;
  /**
   * A subset of the rule that selects the workload, when traffic routed to
   * it is sent differently from traffic to the whole Service.
   */
  subset?: string;
  mode: ClientTlsReportMode;
  /** The DestinationRule that decides, `namespace/name`; absent when none applies. */
  destinationRule?: string;
  /** One sentence naming the rule that decided. */
  reason: string;
  /** Field path in the DestinationRule that decided, when one did. */
  path?: string;
}

/**
 * What {@link workloadClientTls} reads.
 *
 * @public
 */
export interface WorkloadClientTlsInput {
  workload: { namespace: string; labels: Record<string, string> };
  /** The Services that select the workload. */
  services: Service[];
  /** The active pods of the workload; none for plain manifests. */
  pods: Pod[];
  /** The workload's containers, to resolve named target ports. */
  containers?: Container[];
  /**
   * For plain manifests: whether the pod template would get a sidecar;
   * unknown (undefined) counts as yes, as its pods would then be labelled.
   */
  predictedSidecar?: boolean;
  /** Every active pod of the cluster, for the endpoints of each Service. */
  allPods: Pod[];
  destinationRules: DestinationRuleIndex;
  /** meshConfig `enableAutoMtls`. */
  enableAutoMtls: boolean;
  /** Namespace-level mTLS mode of the workload's namespace (auto mTLS inference). */
  serverNamespaceMode?: MtlsMode;
}

const TLS_MODE_LABEL = 'security.istio.io/tlsMode';

function sidecarsOf(pods: Pod[]): EndpointSidecars {
  const withSidecar = pods.filter(
    pod => pod.metadata.labels?.[TLS_MODE_LABEL] === 'istio',
  ).length;
  if (withSidecar === 0) return 'none';
  return withSidecar === pods.length ? 'all' : 'some';
}

function targetPortOf(
  port: ServicePort,
  containers: Container[],
): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  return containers.flatMap(c => c.ports ?? []).find(p => p.name === target)
    ?.containerPort;
}

function reportMode(tls: ClientTls): ClientTlsReportMode {
  if (tls.source === 'destination-rule') return tls.mode;
  return tls.mode === 'ISTIO_MUTUAL' ? 'AUTO' : 'DISABLE';
}

/** One group of clients and the rule entry they apply. */
interface ClientGroup {
  clientNamespace: string;
  clientSelector?: Record<string, string>;
  entry?: ConsolidatedDestinationRule;
}

function groupsFor(
  index: DestinationRuleIndex,
  host: string,
  serviceNamespace: string,
): ClientGroup[] {
  const namespaces = new Set([
    ...index.namespacesWithLocalRules(host),
    ...index.exportTargets(host),
  ]);
  const everyoneElse = selectDestinationRule(
    index.lookup('*', host, serviceNamespace),
    { namespace: '*', labels: {} },
  );
  const groups: ClientGroup[] = [];
  const local = new Set(index.namespacesWithLocalRules(host));
  for (const namespace of [...namespaces].sort()) {
    const lookup = index.lookup(namespace, host, serviceNamespace);
    if (lookup?.source === 'client-namespace') {
      for (const entry of lookup.entries) {
        if (entry.workloadSelector === undefined) continue;
        if ((entry.rule.metadata.namespace ?? '') !== namespace) continue;
        groups.push({
          clientNamespace: namespace,
          clientSelector: entry.workloadSelector,
          entry,
        });
      }
    }
    const entry = selectDestinationRule(lookup, { namespace, labels: {} });
    if (!local.has(namespace) && entry === everyoneElse) continue;
    groups.push({ clientNamespace: namespace, entry });
  }
  groups.push({ clientNamespace: '*', entry: everyoneElse });
  return groups;
}

/**
 * The TLS every client sends to each port of the Services that select a
 * workload, resolved per client namespace (SEMANTICS §2, §6.1-6.2): one
 * entry per namespace that has its own DestinationRule for the host (and
 * per selector rule there), per namespace a rule is exported to by name,
 * and `*` for everyone else; plus an entry per subset that selects the
 * workload when its policy sends differently. Each entry's mode comes from
 * {@link effectiveClientTls}; auto mTLS towards pods labelled
 * `security.istio.io/tlsMode: istio` shows as `AUTO`.
 *
 * @public
 */
export function workloadClientTls(
  input: WorkloadClientTlsInput,
): WorkloadClientTls[] {
  const { workload, destinationRules } = input;
  let endpointSidecars: EndpointSidecars = sidecarsOf(input.pods);
  if (input.pods.length === 0) {
    endpointSidecars = input.predictedSidecar === false ? 'none' : 'all';
  }
  const result: WorkloadClientTls[] = [];
  const services = [...input.services].sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
  for (const service of services) {
    const host = resolveShortName(service.metadata.name, workload.namespace);
    const endpoints = objectsInNamespace(
      input.allPods,
      workload.namespace,
    ).filter(pod => matchesLabels(service.spec.selector, pod.metadata.labels));
    const passthrough =
      (service.spec as { clusterIP?: string }).clusterIP === 'None';
    const groups = groupsFor(destinationRules, host, workload.namespace);
    const ports = (service.spec.ports ?? [])
      .filter(p => typeof p.port === 'number')
      .sort((a, b) => a.port - b.port);
    for (const servicePort of ports) {
      const { port } = servicePort;
      const targetPort = targetPortOf(servicePort, input.containers ?? []);
      for (const group of groups) {
        const resolve = (subset?: string) =>
          effectiveClientTls({
            destinationRule: group.entry?.rule,
            port,
            subset,
            enableAutoMtls: input.enableAutoMtls,
            serverNamespaceMode: input.serverNamespaceMode,
            passthrough,
            endpointSidecars,
            serviceEndpointSidecars:
              endpoints.length > 0 ? sidecarsOf(endpoints) : endpointSidecars,
          });
        const base = resolve();
        const entry = (tls: ClientTls, subset?: string): WorkloadClientTls => ({
          service: service.metadata.name,
          port,
          ...(targetPort === undefined ? {} : { targetPort }),
          clientNamespace: group.clientNamespace,
          ...(group.clientSelector
            ? { clientSelector: group.clientSelector }
            : {}),
          ...(subset === undefined ? {} : { subset }),
          mode: reportMode(tls),
          ...(group.entry
            ? { destinationRule: objectKey(group.entry.rule) }
            : {}),
          reason: tls.reason,
          ...(group.entry && tls.path ? { path: tls.path } : {}),
        });
        result.push(entry(base));
        if (!group.entry) continue;
        for (const subset of destinationRuleSpec(group.entry.rule).subsets) {
          if (!subset.name || !subset.labels) continue;
          if (!matchesLabels(subset.labels, workload.labels)) continue;
          const tls = resolve(subset.name);
          if (reportMode(tls) !== reportMode(base)) {
            result.push(entry(tls, subset.name));
          }
        }
      }
    }
  }
  return result;
}
