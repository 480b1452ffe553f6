import { controllerKey } from '../resources/meshIndex';
import {
  AuthorizationDecision,
  AuthorizationRequest,
} from '../resolution/authorization';
import {
  declaredProtocol,
  decideWorkloadAuthorization,
} from '../resolution/workloadAuthorization';
import { servicesSelecting } from '../resolution/workloads';
import { EvaluatedWorkload } from './workloadReports';

/**
 * A decision with the protocol it was made for and where that came from.
 *
 * @public
 */
export interface RequestAuthorization extends AuthorizationDecision {
  protocol: 'http' | 'tcp';
  /** `request`, `service port <name>` or `sniffed`. */
  protocolSource: string;
}

const HTTP_ATTRIBUTES: Array<keyof AuthorizationRequest> = [
  'method',
  'path',
  'host',
  'requestPrincipal',
  'headers',
];

/**
 * Decides a request to an evaluated workload as its enforcing proxy would
 * ({@link decideWorkloadAuthorization}). Without `request.protocol`, TCP or
 * HTTP comes from the Service port that forwards to `request.port`
 * (`appProtocol`, then the name prefix); a port no Service declares is
 * sniffed by Istio, and is taken as HTTP when the request carries HTTP
 * attributes, else as TCP.
 *
 * @public
 */
export function authorizeWorkloadRequest(
  evaluated: EvaluatedWorkload,
  request: AuthorizationRequest,
): RequestAuthorization {
  const { workload, index } = evaluated.authorization;
  let protocol = request.protocol;
  let protocolSource = 'request';
  if (!protocol && request.port !== undefined) {
    const containers =
      workload.pods[0]?.spec.containers ??
      index.controllers.get(
        controllerKey(workload.kind, workload.namespace, workload.name),
      )?.spec.template?.spec?.containers ??
      [];
    const declared = declaredProtocol(
      servicesSelecting(workload, index.services),
      containers,
      request.port,
    );
    if (declared) {
      protocol = declared;
      protocolSource = `declared by the Service port for ${request.port}`;
    }
  }
  if (!protocol) {
    const http = HTTP_ATTRIBUTES.some(key => request[key] !== undefined);
    protocol = http ? 'http' : 'tcp';
    protocolSource = 'sniffed';
  }
  const decision = decideWorkloadAuthorization(
    evaluated.authorization,
    { ...request, protocol },
    evaluated.enforcement,
  );
  return { ...decision, protocol, protocolSource };
}
