import {
  EntityCallers,
  EntityCalls,
  MeshCallee,
  MeshCaller,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * A caller as people name it: its workloads (or its service account when
 * none runs as it here) and namespace, plus the service account when the
 * workloads are named otherwise, e.g. `frontend (boutique-dev)` or
 * `checkoutservice, checkoutservice-v2 (boutique-dev)`.
 *
 * @internal
 */
export function callerName(caller: MeshCaller): string {
  const names =
    caller.workloads.length > 0 ? caller.workloads : [caller.serviceAccount];
  const sameName =
    caller.workloads.length === 0 ||
    caller.workloads.includes(caller.serviceAccount) ||
    caller.workloads.every(w => w.startsWith(caller.serviceAccount));
  const account = sameName ? '' : `, as ${caller.serviceAccount}`;
  return `${names.join(', ')} (${caller.namespace}${account})`;
}

/** `POST /cart on port 5050`, `anything`, `GET /a or /b`. */
function whatItMayCall(caller: MeshCaller): string {
  const methods = caller.methods?.join(' or ');
  const paths = caller.paths?.join(' or ');
  const request = [methods, paths].filter(Boolean).join(' ');
  const ports = caller.ports
    ? ` on port${caller.ports.length > 1 ? 's' : ''} ${caller.ports.join(', ')}`
    : '';
  if (!request && !ports) return 'anything';
  return `${request || 'any request'}${ports}`;
}

/**
 * One sentence per allowed caller, e.g. `frontend (boutique-dev) may call
 * POST /hipstershop.CheckoutService/PlaceOrder on port 5050`.
 *
 * @internal
 */
export function allowedSentence(caller: MeshCaller): string {
  return `${callerName(caller)} may call ${whatItMayCall(caller)}`;
}

/**
 * What happens to every other caller, in words.
 *
 * @internal
 */
export function everyoneElseSentence(callers: EntityCallers): string {
  const others = callers.allowed.length + callers.denied.length > 0;
  const who = others ? 'everyone else' : 'everyone';
  if (callers.defaultDecision === 'DENY') {
    return callers.defaultPolicy
      ? `${who} is denied by ${callers.defaultPolicy}`
      : `${who} is denied by default`;
  }
  if (callers.defaultPolicy) {
    return `${who} may call it, allowed by ${callers.defaultPolicy}`;
  }
  return callers.enforcedBy === 'none'
    ? `${who} may call it: no proxy enforces AuthorizationPolicies`
    : `${who} may call it: no AuthorizationPolicy restricts callers`;
}

/**
 * A callee as people name it: its Services (or the workload) and namespace.
 *
 * @internal
 */
export function calleeName(callee: MeshCallee): string {
  const names =
    callee.services.length > 0 ? callee.services : [callee.workload];
  return `${names.join(', ')} (${callee.namespace})`;
}

/**
 * Which workloads `calls` covered, in words.
 *
 * @internal
 */
export function callsScope(calls: EntityCalls): string {
  return `Checked against the workloads of namespace${
    calls.namespaces.length > 1 ? 's' : ''
  } ${calls.namespaces.join(
    ', ',
  )} that enforce AuthorizationPolicies; workloads without any accept every caller.`;
}

/**
 * Who may call the entity in one sentence: each allowed caller with what
 * it may call, each explicitly denied one, then everyone else, e.g.
 * `frontend (boutique-dev) may call POST /cart on port 5050; everyone else
 * is denied by default.`
 *
 * @internal
 */
export function callersSentence(callers: EntityCallers): string {
  const parts = [
    ...callers.allowed.map(allowedSentence),
    ...callers.denied.map(c => `${callerName(c)} is denied by ${c.policy}`),
    everyoneElseSentence(callers),
  ];
  const sentence = parts.join('; ');
  // Workload names are written as Kubernetes has them, lower case.
  return sentence.startsWith('everyone')
    ? `E${sentence.slice(1)}.`
    : `${sentence}.`;
}

/**
 * The policies that decided for the listed callers and everyone else,
 * once each, in order.
 *
 * @internal
 */
export function decidingPolicies(callers: EntityCallers): string[] {
  return [
    ...new Set([
      ...callers.allowed.map(c => c.policy),
      ...callers.denied.map(c => c.policy),
      ...(callers.defaultPolicy ? [callers.defaultPolicy] : []),
    ]),
  ];
}
