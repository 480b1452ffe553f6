import {
  destinationRuleSpec,
  RouteDestination,
  virtualServiceSpec,
} from '../../../resolution/trafficBinding';
import { Analyzer } from '../../types';
import { mirrorDestinations, routeDestinations } from './routeDestinations';

const SERVICE_FQDN = /^(.+)\.(.+)\.svc\.cluster\.local$/;

/**
 * The `namespace/name` a host stands for, as istioctl's
 * `GetResourceNameFromHost`: `<name>.<ns>.svc.cluster.local` names that
 * service; anything else is taken as a name in `namespace`.
 */
function serviceNameOfHost(host: string, namespace: string): string {
  const match = SERVICE_FQDN.exec(host);
  return match ? `${match[2]}/${match[1]}` : `${namespace}/${host}`;
}

/**
 * `virtualservice.DestinationRuleAnalyzer`: every route or mirror
 * destination with a subset needs a DestinationRule for that host defining
 * the subset (IST0101). Like istioctl it ignores exportTo: hosts are
 * resolved in the VirtualService's namespace and the DestinationRule's.
 *
 * @public
 */
export const destinationRuleAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  description:
    'Checks the destination rules associated with each virtual service',
  analyze(context) {
    const subsets = new Set<string>();
    for (const { object } of context.list(
      'networking.istio.io',
      'DestinationRule',
    )) {
      const spec = destinationRuleSpec(object);
      const service = serviceNameOfHost(
        spec.host,
        object.metadata.namespace ?? '',
      );
      for (const subset of spec.subsets)
        subsets.add(`${service}+${subset.name}`);
    }
    const defined = (destination: RouteDestination, namespace: string) =>
      !destination.subset ||
      subsets.has(
        `${serviceNameOfHost(destination.host ?? '', namespace)}+${
          destination.subset
        }`,
      );

    for (const target of context.list(
      'networking.istio.io',
      'VirtualService',
    )) {
      const spec = virtualServiceSpec(target.object);
      const namespace = target.object.metadata.namespace ?? '';
      for (const [located, refType] of [
        ...routeDestinations(spec).map(
          d => [d, 'host+subset in destinationrule'] as const,
        ),
        ...mirrorDestinations(spec).map(
          d => [d, 'mirror+subset in destinationrule'] as const,
        ),
      ]) {
        const { destination, path } = located;
        if (defined(destination, namespace)) continue;
        context.report(
          'IST0101',
          target,
          [refType, `${destination.host ?? ''}+${destination.subset}`],
          path,
        );
      }
    }
  },
};
