import { MeshIndex } from '../resources/meshIndex';
import { KubernetesObject, Service } from '../resources/objects';
import { resolveShortName } from './hosts';
import {
  TrafficBindingOptions,
  DestinationRuleBinding,
  destinationRulesForHost,
  virtualServicesForHost,
} from './trafficBinding';
import { servicesSelecting, Workload } from './workloads';

/**
 * The traffic to one Service of a workload, as sidecars in the workload's
 * namespace see it.
 *
 * @public
 */
export interface ServiceTraffic {
  service: Service;
  /** The Service's fully qualified host. */
  host: string;
  /** VirtualServices bound to the mesh that route the host. */
  virtualServices: KubernetesObject[];
  /** The DestinationRules that apply to the host, when any does. */
  destinationRules?: DestinationRuleBinding;
}

/**
 * The VirtualServices and DestinationRules that govern traffic to each
 * Service selecting the workload, for clients in the workload's own
 * namespace (and with its labels, for `workloadSelector` DestinationRules).
 * Computed once per workload; the report and the `traffic-policy`
 * criterion both read it.
 *
 * @public
 */
export function workloadTraffic(
  workload: Workload,
  index: MeshIndex,
  bindingOptions: Omit<TrafficBindingOptions, 'clientLabels'> = {},
): ServiceTraffic[] {
  const { namespace } = workload;
  const options = {
    rootNamespace: index.rootNamespace,
    ...bindingOptions,
    clientLabels: workload.labels,
  };
  return servicesSelecting(workload, index.services).map(service => {
    const host = resolveShortName(service.metadata.name, namespace);
    return {
      service,
      host,
      virtualServices: virtualServicesForHost(
        index.virtualServices,
        host,
        namespace,
        options,
      ),
      destinationRules: destinationRulesForHost(
        index.destinationRules,
        host,
        namespace,
        namespace,
        options,
      ),
    };
  });
}
