import { Dataplane } from '../types/mesh';
import { Workload } from '../resolution/workloads';
import { PeerAuthenticationResolution } from '../resolution/peerAuthentication';
import { WorkloadClientTls } from '../resolution/workloadClientTls';

/**
 * What per-workload criteria are evaluated from.
 *
 * @public
 */
export interface WorkloadContext {
  workload: Workload;
  /** Data plane of each active pod, in `workload.pods` order. */
  podDataplanes: Dataplane[];
  dataplane: Dataplane;
  peerAuthentication: PeerAuthenticationResolution;
  /**
   * For a workload without pods (plain manifests), the data plane its pod
   * template would get, when its Namespace object is known.
   */
  predictedDataplane?: 'sidecar' | 'ambient' | 'none';
  /** Ports whose inbound traffic bypasses the proxy, with the cause. */
  uncaptured?: Record<string, string>;
  /** What clients send to the workload's Service ports. */
  clientTls?: WorkloadClientTls[];
}
