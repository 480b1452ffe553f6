import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { isError, ResponseError } from '@backstage/errors';
import { DeniedCaller } from '@istio-mesh/plugin-istio-mesh-common';
import { AnalyzeBackend } from '../workspace/backendAnalyzer';

/**
 * What `istio:authorizationpolicy:create` asks before writing a policy:
 * which current callers of the live mesh the new files would deny.
 *
 * @public
 */
export type AuthorizationImpactCheck = (request: {
  files: { path: string; content: string }[];
  initiatorCredentials: BackstageCredentials;
}) => Promise<DeniedCaller[] | undefined>;

/**
 * Asks the istio-mesh backend's `POST /v1/analyze` for the callers the
 * files' AuthorizationPolicies would deny, merged over all policies.
 * Undefined, with a warning logged, when the backend fails or has no live
 * mesh: the impact is then unknown, not empty.
 */
export function createAuthorizationImpactCheck(
  backend: AnalyzeBackend,
  logger?: LoggerService,
): AuthorizationImpactCheck {
  return async ({ files, initiatorCredentials }) => {
    let response;
    try {
      response = await backend.analyze({ files }, initiatorCredentials);
    } catch (error) {
      const refused =
        ResponseError.is(error) && error.response.status === 403
          ? 'live check not permitted (istio-mesh.analyze)'
          : undefined;
      logger?.warn(
        `Could not check which callers the AuthorizationPolicy would deny: ${
          refused ?? (isError(error) ? error.message : String(error))
        }`,
      );
      return undefined;
    }
    if (!response.cluster) {
      logger?.warn(
        'Could not check which callers the AuthorizationPolicy would deny: the istio-mesh backend has no live mesh',
      );
      return undefined;
    }
    const callers = new Map<string, DeniedCaller>();
    for (const caller of response.authorizationImpact.flatMap(
      impact => impact.deniedCallers,
    )) {
      const key = `${caller.namespace}/${caller.serviceAccount}`;
      const known = callers.get(key);
      callers.set(key, {
        ...caller,
        workloads: [
          ...new Set([...(known?.workloads ?? []), ...caller.workloads]),
        ].sort(),
      });
    }
    return [...callers.values()].sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.serviceAccount.localeCompare(b.serviceAccount),
    );
  };
}
