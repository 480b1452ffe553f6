import { matchesLabels } from '../../../labels/labelSelector';
import { virtualServiceSpec } from '../../../resolution/trafficBinding';
import { Analyzer } from '../../types';
import { gatewayReference } from './gateways';

const JWT_CLAIM_HEADER = '@request.auth.claims';

/** Whether a header name routes on a JWT claim (`@request.auth.claims.x` or `@request.auth.claims[x]`). */
function isClaimHeader(header: string): boolean {
  if (!header.toLowerCase().startsWith(JWT_CLAIM_HEADER)) return false;
  const rest = header.slice(JWT_CLAIM_HEADER.length);
  return (
    (rest.startsWith('.') && rest.length > 1) ||
    (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2)
  );
}

const labelsOf = (value: unknown): Record<string, string> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, string>)
    : undefined;

/**
 * `virtualservice.JWTClaimRouteAnalyzer`: a VirtualService that routes on
 * JWT claims (`@request.auth.claims.*` headers) needs, for every pod of
 * each Istio Gateway it is bound to, a RequestAuthentication in the root
 * namespace or the pod's namespace selecting that pod (IST0149).
 *
 * @public
 */
export const jwtClaimRouteAnalyzer: Analyzer = {
  name: 'virtualservice.JWTClaimRouteAnalyzer',
  description:
    'Checks the VirtualService using JWT claim based routing has corresponding RequestAuthentication',
  analyze(context) {
    const requestAuthentications = context
      .list('security.istio.io', 'RequestAuthentication')
      .map(({ object }) => ({
        namespace: object.metadata.namespace ?? '',
        matchLabels: labelsOf(
          labelsOf((object.spec as { selector?: unknown })?.selector)
            ?.matchLabels,
        ),
      }));
    const gateways = context.list('networking.istio.io', 'Gateway');
    const pods = context.list('', 'Pod');
    const { rootNamespace } = context.meshConfig;

    for (const target of context.list(
      'networking.istio.io',
      'VirtualService',
    )) {
      const spec = virtualServiceSpec(target.object);
      const claimKey = spec.http
        .flatMap(rule => (Array.isArray(rule.match) ? rule.match : []))
        .flatMap(match => [
          ...Object.keys(labelsOf(match?.headers) ?? {}),
          ...Object.keys(labelsOf(match?.withoutHeaders) ?? {}),
        ])
        .find(isClaimHeader);
      if (!claimKey) continue;
      const namespace = target.object.metadata.namespace ?? '';

      spec.gateways.forEach((reference, i) => {
        if (reference === 'mesh') return;
        const ref = gatewayReference(reference, namespace);
        const gateway = gateways.find(
          g =>
            g.object.metadata.name === ref.name &&
            (g.object.metadata.namespace ?? '') === ref.namespace,
        );
        if (!gateway) return;
        const selector = labelsOf(
          (gateway.object.spec as { selector?: unknown })?.selector,
        );
        for (const pod of pods) {
          const podLabels = pod.object.metadata.labels ?? {};
          if (!matchesLabels(selector, podLabels)) continue;
          const podNamespace = pod.object.metadata.namespace ?? '';
          const authenticated = requestAuthentications.some(
            ra =>
              (ra.namespace === rootNamespace ||
                ra.namespace === podNamespace) &&
              matchesLabels(ra.matchLabels, podLabels),
          );
          if (!authenticated) {
            context.report(
              'IST0149',
              target,
              [claimKey, ref.fullName, pod.object.metadata.name],
              `spec.gateways[${i}]`,
            );
          }
        }
      });
    }
  },
};
