import { Criterion, Evidence } from '../types/criteria';
import { MtlsMode } from '../types/mesh';
import { WorkloadClientTls } from '../resolution/workloadClientTls';
import { FIX_TEMPLATES } from './fixTemplates';
import { WorkloadContext } from './workloadContext';
import { WorkloadCriterionDefinition } from './criterionDefinition';
import { withObservedMtls } from './observedRuntime';

function policyEvidence(
  namespace: string,
  key: string,
  message: string,
): Evidence {
  const [policyNamespace, name] = key.includes('/')
    ? key.split('/')
    : [namespace, key];
  return {
    kind: 'PeerAuthentication',
    namespace: policyNamespace,
    name,
    message,
  };
}

const clientsOf = (entry: WorkloadClientTls) => {
  const who =
    entry.clientNamespace === '*'
      ? 'clients in other namespaces'
      : `clients in ${entry.clientNamespace}`;
  const selector = entry.clientSelector
    ? ` labelled ${Object.entries(entry.clientSelector)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`
    : '';
  return `${who}${selector}`;
};

const WHAT_IS_SENT: Record<string, string> = {
  DISABLE: 'plaintext',
  SIMPLE: 'TLS that is not Istio mTLS (SIMPLE)',
};

/**
 * Whether a workload has (or, for plain manifests, would have) a proxy to
 * enforce its inbound mode: without one, nothing rejects plaintext.
 *
 * @public
 */
export function enforcesInboundMtls(report: {
  dataplane: string;
  pods: readonly unknown[];
  predictedDataplane?: string;
}): boolean {
  if (report.pods.length > 0) return report.dataplane !== 'none';
  return report.predictedDataplane !== 'none';
}

/**
 * Client connections that a STRICT port rejects: plaintext, or TLS that is
 * not Istio mTLS, towards a captured port whose effective mode is STRICT.
 * `MUTUAL` is not counted, since its certificates may be Istio's.
 *
 * @public
 */
export function clientTlsConflicts(
  clientTls: readonly WorkloadClientTls[],
  modeOfPort: (port: number) => MtlsMode,
  uncaptured: Readonly<Record<string, string>> = {},
): WorkloadClientTls[] {
  return clientTls.filter(
    entry =>
      WHAT_IS_SENT[entry.mode] !== undefined &&
      entry.targetPort !== undefined &&
      !(String(entry.targetPort) in uncaptured) &&
      modeOfPort(entry.targetPort) === 'STRICT',
  );
}

/**
 * `mtls-strict` for one workload: the effective inbound PeerAuthentication
 * mode is STRICT on every workload port, every port's inbound traffic
 * reaches the proxy, a proxy is there to enforce it, and no client is
 * configured to send plaintext or non-Istio TLS to a STRICT port.
 *
 * @public
 */
export function evaluateMtlsStrict(context: WorkloadContext): Criterion {
  const { workload, dataplane, peerAuthentication } = context;
  const { mtls, ignored } = peerAuthentication;
  const uncaptured = context.uncaptured ?? {};
  const ref = `${workload.kind} ${workload.namespace}/${workload.name}`;
  const evidence: Evidence[] = mtls.policies.map(key =>
    policyEvidence(workload.namespace, key, 'applies to this workload'),
  );
  if (mtls.policies.length === 0) {
    evidence.push({
      kind: workload.kind,
      namespace: workload.namespace,
      name: workload.name,
      message: 'no PeerAuthentication applies; Istio defaults to PERMISSIVE',
    });
  }
  for (const { policy, reason } of ignored) {
    evidence.push(
      policyEvidence(workload.namespace, policy, `ignored: ${reason}`),
    );
  }

  const problems: string[] = [];
  const weakPorts = Object.entries(mtls.ports).filter(
    ([, mode]) => mode !== 'STRICT',
  );
  if (mtls.mode !== 'STRICT') problems.push(`workload mode is ${mtls.mode}`);
  for (const [port, mode] of weakPorts) {
    problems.push(`port ${port} is ${mode}`);
  }
  const decisive = mtls.policies[mtls.policies.length - 1];
  if (decisive && problems.length > 0) {
    const last = evidence.find(
      e =>
        `${e.namespace}/${e.name}` === decisive &&
        e.kind === 'PeerAuthentication',
    );
    if (last) last.message = `decides the mode: ${problems.join('; ')}`;
  }

  for (const [port, cause] of Object.entries(uncaptured)) {
    problems.push(`port ${port} bypasses the proxy (${cause})`);
    evidence.push({
      kind: workload.kind,
      namespace: workload.namespace,
      name: workload.name,
      message: `port ${port} is not captured by the proxy, so it accepts plaintext and no policy applies: ${cause}`,
    });
  }

  const modeOfPort = (port: number) => mtls.ports[String(port)] ?? mtls.mode;
  const enforced = enforcesInboundMtls({
    dataplane,
    pods: workload.pods,
    predictedDataplane: context.predictedDataplane,
  });
  const conflicts = enforced
    ? clientTlsConflicts(context.clientTls ?? [], modeOfPort, uncaptured)
    : [];
  for (const entry of conflicts) {
    const sent = WHAT_IS_SENT[entry.mode];
    const target = `${entry.service}:${entry.port}`;
    problems.push(
      `${clientsOf(
        entry,
      )} send ${sent} to ${target}, which only accepts Istio mTLS`,
    );
    const [namespace, name] = entry.destinationRule?.split('/') ?? [];
    evidence.push(
      entry.destinationRule
        ? {
            kind: 'DestinationRule',
            namespace,
            name,
            message: `${clientsOf(entry)} send ${sent} to ${target} (port ${
              entry.targetPort
            } is STRICT): ${entry.reason}`,
          }
        : {
            kind: workload.kind,
            namespace: workload.namespace,
            name: workload.name,
            message: `${clientsOf(entry)} send ${sent} to ${target} (port ${
              entry.targetPort
            } is STRICT): ${entry.reason}`,
          },
    );
  }

  if (workload.pods.length === 0) {
    const also = problems.length ? `; ${problems.join('; ')}` : '';
    return {
      id: 'mtls-strict',
      status: 'warn',
      summary: `${ref} has no running pods; mTLS is not enforced anywhere${also}`,
      evidence,
    };
  }
  if (dataplane === 'none') {
    return {
      id: 'mtls-strict',
      status: 'fail',
      summary: `${ref} has pods without a proxy, which accept plaintext whatever the policy says`,
      evidence: [
        {
          kind: workload.kind,
          namespace: workload.namespace,
          name: workload.name,
          message: 'pods outside the mesh cannot enforce mTLS',
        },
        ...evidence,
      ],
    };
  }

  if (problems.length === 0) {
    const ports = Object.keys(mtls.ports);
    return {
      id: 'mtls-strict',
      status: 'pass',
      summary: ports.length
        ? `STRICT on every port of ${ref} (${ports.join(', ')})`
        : `STRICT for ${ref}`,
      evidence,
    };
  }
  const plaintextAccepted =
    mtls.mode !== 'STRICT' ||
    weakPorts.length > 0 ||
    Object.keys(uncaptured).length > 0;
  return {
    id: 'mtls-strict',
    status: 'fail',
    summary: plaintextAccepted
      ? `${ref} accepts plaintext: ${problems.join('; ')}`
      : `${ref} is STRICT, but ${problems.join('; ')}`,
    evidence,
    // The template writes PeerAuthentications; a client's DestinationRule
    // is fixed where it is written.
    ...(plaintextAccepted ? { fixTemplate: FIX_TEMPLATES.strictMtls } : {}),
  };
}

/**
 * `mtls-strict`: every port of the entity's workloads accepts only Istio
 * mutual TLS, and its clients send it; plaintext observed into a STRICT
 * workload warns.
 *
 * @public
 */
export const mtlsStrictCriterion: WorkloadCriterionDefinition<'mtls-strict'> = {
  id: 'mtls-strict',
  title: 'mTLS STRICT',
  scope: 'workload',
  level: 'bronze',
  fixTemplates: [FIX_TEMPLATES.strictMtls],
  evaluate: evaluateMtlsStrict,
  observe: (criterion, { runtime, workloads }) =>
    withObservedMtls(
      criterion,
      runtime,
      workloads.filter(w => w.mtls.mode === 'STRICT').map(w => w.name),
    ),
};
