import {
  buildServiceHostIndex,
  findServiceHost,
  ServiceHost,
} from '../../../resolution/hosts';
import {
  RouteDestination,
  virtualServiceSpec,
} from '../../../resolution/trafficBinding';
import { objectKey } from '../../../resources/objects';
import { AnalyzedObject, Analyzer, AnalyzerContext } from '../../types';
import {
  LocatedDestination,
  mirrorDestinations,
  routeDestinations,
} from './routeDestinations';

function checkPorts(
  context: AnalyzerContext,
  target: AnalyzedObject,
  { destination, path }: LocatedDestination,
  service: ServiceHost,
) {
  const port = destination.port?.number;
  if (port === undefined) {
    // Without a port only a multi-port target is ambiguous.
    if (service.ports.length > 1) {
      context.report(
        'IST0112',
        target,
        [destination.host ?? '', service.ports.map(p => p.number)],
        path,
      );
    }
    return;
  }
  if (!service.ports.some(p => p.number === port)) {
    context.report(
      'IST0101',
      target,
      ['host:port', `${destination.host ?? ''}:${port}`],
      path,
    );
  }
}

/**
 * `virtualservice.DestinationHostAnalyzer`: every route and mirror
 * destination must name a Service or ServiceEntry host visible from the
 * VirtualService's namespace (IST0101), with a port when the target has
 * several (IST0112) and a port the target exposes (IST0101 `host:port`); a
 * gateway route without subset to a host another VirtualService routes by
 * subset is flagged (IST0140).
 *
 * @public
 */
export const destinationHostAnalyzer: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  description:
    'Checks the destination hosts associated with each virtual service',
  analyze(context) {
    const index = buildServiceHostIndex(
      context.list('', 'Service').map(s => s.object),
      context.list('networking.istio.io', 'ServiceEntry').map(s => s.object),
      context.meshConfig.defaultServiceExportTo,
    );
    const virtualServices = context.list(
      'networking.istio.io',
      'VirtualService',
    );

    // Destinations with a subset to one of the VirtualService's own hosts,
    // written exactly as the host (istioctl compares the raw strings).
    const subsetDestinations = virtualServices.flatMap(vs => {
      const spec = virtualServiceSpec(vs.object);
      return routeDestinations({ ...spec, tcp: [], tls: [] })
        .map(d => d.destination)
        .filter(
          (d): d is RouteDestination & { host: string } =>
            !!d.subset &&
            typeof d.host === 'string' &&
            spec.hosts.includes(d.host),
        )
        .map(d => ({ owner: objectKey(vs.object), host: d.host }));
    });

    for (const target of virtualServices) {
      const spec = virtualServiceSpec(target.object);
      const namespace = target.object.metadata.namespace ?? '';

      for (const [located, refType] of [
        ...routeDestinations(spec).map(d => [d, 'host'] as const),
        ...mirrorDestinations(spec).map(d => [d, 'mirror host'] as const),
      ]) {
        const host = located.destination.host ?? '';
        const service = findServiceHost(index, host, namespace, spec.exportTo);
        if (!service) {
          context.report('IST0101', target, [refType, host], located.path);
          continue;
        }
        checkPorts(context, target, located, service);
      }

      if (spec.gateways.length === 0) continue;
      spec.http.forEach((rule, i) =>
        (Array.isArray(rule.route) ? rule.route : []).forEach((route, j) => {
          const destination = route?.destination ?? {};
          if (destination.subset) return;
          for (const other of subsetDestinations) {
            if (other.host !== destination.host) continue;
            context.report(
              'IST0140',
              target,
              [other.owner, objectKey(target.object)],
              `spec.http[${i}].route[${j}].destination.host`,
            );
          }
        }),
      );
    }
  },
};
