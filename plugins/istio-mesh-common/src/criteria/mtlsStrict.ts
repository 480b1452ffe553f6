import { Criterion, Evidence } from '../types/criteria';
import { FIX_TEMPLATES } from './fixTemplates';
import { WorkloadContext } from './workloadContext';

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

/**
 * `mtls-strict` for one workload: the effective inbound PeerAuthentication
 * mode is STRICT on every workload port, and a proxy is there to enforce it.
 *
 * @public
 */
export function evaluateMtlsStrict(context: WorkloadContext): Criterion {
  const { workload, dataplane, peerAuthentication } = context;
  const { mtls, ignored } = peerAuthentication;
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

  if (workload.pods.length === 0) {
    return {
      id: 'mtls-strict',
      status: 'warn',
      summary: `${ref} has no running pods; mTLS is not enforced anywhere`,
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

  const weakPorts = Object.entries(mtls.ports).filter(
    ([, mode]) => mode !== 'STRICT',
  );
  if (mtls.mode === 'STRICT' && weakPorts.length === 0) {
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

  const problems: string[] = [];
  if (mtls.mode !== 'STRICT') problems.push(`workload mode is ${mtls.mode}`);
  for (const [port, mode] of weakPorts)
    problems.push(`port ${port} is ${mode}`);
  const decisive = mtls.policies[mtls.policies.length - 1];
  if (decisive) {
    const last = evidence.find(
      e =>
        `${e.namespace}/${e.name}` === decisive &&
        e.kind === 'PeerAuthentication',
    );
    if (last) last.message = `decides the mode: ${problems.join('; ')}`;
  }
  return {
    id: 'mtls-strict',
    status: 'fail',
    summary: `${ref} accepts plaintext: ${problems.join('; ')}`,
    evidence,
    fixTemplate: FIX_TEMPLATES.strictMtls,
  };
}
