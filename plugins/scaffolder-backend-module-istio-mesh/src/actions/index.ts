import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createBackendAnalyzer } from '../workspace/backendAnalyzer';
import { createAuthorizationImpactCheck } from './authorizationImpactCheck';
import { createAuthorizationPolicyCreateAction } from './authorizationPolicyCreate';
import { createDestinationRuleCreateAction } from './destinationRuleCreate';
import { createHttpRouteCreateAction } from './httpRouteCreate';
import { createKustomizationAddAction } from './kustomizationAdd';
import { createManifestsAnalyzeAction } from './manifestsAnalyze';
import { createOverlayResolveAction } from './overlayResolve';
import { createPeerAuthenticationCreateAction } from './peerAuthenticationCreate';
import { createRequestAuthenticationCreateAction } from './requestAuthenticationCreate';
import { createVirtualServiceCreateAction } from './virtualServiceCreate';
import { createWorkloadResolveAction } from './workloadResolve';

/**
 * Options of {@link createIstioMeshActions}.
 *
 * @public
 */
export interface IstioMeshActionsOptions {
  /** With `auth`, lets the actions reach the istio-mesh backend's live mesh. */
  discovery?: DiscoveryService;
  /** Issues the tokens for calls to the istio-mesh backend. */
  auth?: AuthService;
  /** Where a failed live check is logged. */
  logger?: LoggerService;
}

/**
 * Every `istio:*` scaffolder action of this module: `istio:workload:resolve`
 * finds the service a template changes, `istio:overlay:resolve` the overlay
 * of its namespace, the others write, list and analyze its manifests. Given `discovery` and `auth`, `istio:manifests:analyze`
 * also checks against the live mesh and `istio:authorizationpolicy:create`
 * lists the callers a new policy would deny; without them both work from
 * the workspace alone.
 *
 * @public
 */
export function createIstioMeshActions(
  options: IstioMeshActionsOptions = {},
): TemplateAction<any, any, any>[] {
  const { discovery, auth, logger } = options;
  const backend =
    discovery && auth ? createBackendAnalyzer({ discovery, auth }) : undefined;
  return [
    createWorkloadResolveAction(),
    createOverlayResolveAction(),
    createVirtualServiceCreateAction(),
    createDestinationRuleCreateAction(),
    createPeerAuthenticationCreateAction(),
    createAuthorizationPolicyCreateAction({
      impact: backend
        ? createAuthorizationImpactCheck(backend, logger)
        : undefined,
    }),
    createRequestAuthenticationCreateAction(),
    createHttpRouteCreateAction(),
    createKustomizationAddAction(),
    createManifestsAnalyzeAction({ backend }),
  ];
}
