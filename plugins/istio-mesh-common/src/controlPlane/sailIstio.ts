import { apiGroupOf } from '../resources/objects';
import { KubernetesObject } from '../resources/objects';
import { trimEnd } from '../resources/wildcard';
import { readControlPlaneObject, sailIstioSchema } from './controlPlaneSchemas';
import { ControlPlaneProblem, SailCondition, SailIstio } from './types';

const SAIL_GROUP = 'sailoperator.io';
const MAX_SENTENCE = 500;
// The conditions the Sail Operator sets on every Istio (api/v1 istio_types.go).
const HEALTH_CONDITIONS = [
  { type: 'Reconciled', adjective: 'reconciled' },
  { type: 'Ready', adjective: 'ready' },
];

function sentence(text: string): string {
  const trimmed = trimEnd(text, c => c === '.' || /\s/.test(c));
  // A status message is the operator's; keep what is shown short.
  return `${
    trimmed.length > MAX_SENTENCE
      ? `${trimmed.slice(0, MAX_SENTENCE)}…`
      : trimmed
  }.`;
}

/**
 * Why an Istio is not healthy, one sentence per condition that is missing
 * or not `True`; undefined when both are `True`.
 */
function unhealthyMessage(
  name: string,
  reported: boolean,
  conditions: SailCondition[],
): string | undefined {
  if (!reported) {
    return `The Sail Operator has not reported a status for Istio ${name} yet.`;
  }
  const sentences = HEALTH_CONDITIONS.flatMap(({ type, adjective }) => {
    const condition = conditions.find(c => c.type === type);
    if (!condition) {
      return [sentence(`Istio ${name} reports no ${type} condition`)];
    }
    if (condition.status === 'True') return [];
    const reason = condition.reason ? ` (${condition.reason})` : '';
    const detail = condition.message ? `: ${condition.message}` : '';
    const state =
      condition.status === 'False'
        ? `is not ${adjective}`
        : `may not be ${adjective}, its ${type} condition is ${condition.status}`;
    return [sentence(`Istio ${name} ${state}${reason}${detail}`)];
  });
  return sentences.length > 0 ? sentences.join(' ') : undefined;
}

/**
 * The Sail Operator `Istio` resources among the objects, with their
 * conditions summarised into `healthy` and a plain-language `message`.
 * Sorted by name; a resource whose read fields are malformed is left out
 * with a problem.
 */
export function sailIstios(
  objects: KubernetesObject[],
  problems: ControlPlaneProblem[],
): SailIstio[] {
  const result: SailIstio[] = [];
  for (const object of objects) {
    if (
      object.kind !== 'Istio' ||
      apiGroupOf(object.apiVersion) !== SAIL_GROUP
    ) {
      continue;
    }
    const istio = readControlPlaneObject(sailIstioSchema, object, problems);
    if (!istio) continue;
    const { spec, status } = istio;
    const name = istio.metadata.name;
    const conditions: SailCondition[] = (status?.conditions ?? []).map(c => ({
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    }));
    const message = unhealthyMessage(name, Boolean(status), conditions);
    const updateStrategy = spec?.updateStrategy?.type;
    result.push({
      name,
      ...(spec?.version ? { version: spec.version } : {}),
      ...(spec?.namespace ? { namespace: spec.namespace } : {}),
      ...(updateStrategy ? { updateStrategy } : {}),
      ...(status?.state ? { state: status.state } : {}),
      ...(status?.activeRevisionName
        ? { activeRevisionName: status.activeRevisionName }
        : {}),
      ...(status?.revisions
        ? {
            revisions: {
              total: status.revisions.total,
              ready: status.revisions.ready,
              inUse: status.revisions.inUse,
            },
          }
        : {}),
      conditions,
      healthy: message === undefined,
      ...(message ? { message } : {}),
    });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name));
}
