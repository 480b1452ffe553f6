import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  AnalyzeRequest,
  AnalyzeResponse,
  ISTIO_MESH_PLUGIN_ID,
  IstioMeshClient,
} from '@istio-mesh/plugin-istio-mesh-common';

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Analyzes manifests against a live mesh: the istio-mesh backend's
 * `POST /v1/analyze`.
 *
 * @public
 */
export interface AnalyzeBackend {
  /**
   * Analyzes the files with the live mesh of `cluster` (or of the only
   * cluster), on behalf of the task's initiator.
   */
  analyze(
    request: AnalyzeRequest,
    credentials: BackstageCredentials,
  ): Promise<AnalyzeResponse>;
}

/**
 * Options of {@link createBackendAnalyzer}.
 *
 * @public
 */
export interface BackendAnalyzerOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** Give up on the backend after this long; default 60 seconds. */
  timeoutMs?: number;
}

/**
 * The {@link AnalyzeBackend} that calls the istio-mesh backend plugin
 * found through discovery, with a plugin request token issued on behalf of
 * the given credentials.
 *
 * @public
 */
export function createBackendAnalyzer(
  options: BackendAnalyzerOptions,
): AnalyzeBackend {
  const { discovery, auth, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const client = new IstioMeshClient({ discoveryApi: discovery });
  return {
    async analyze(request, credentials) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: ISTIO_MESH_PLUGIN_ID,
      });
      const answer: Partial<AnalyzeResponse> = await client.analyze(request, {
        token,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // An older backend may leave lists out; one without messages is not
      // the analysis this module asked for.
      const { messages, problems, authorizationImpact, sources } = answer;
      if (!Array.isArray(messages)) {
        throw new Error(
          'istio-mesh backend answered POST /v1/analyze without a messages list',
        );
      }
      return {
        ...answer,
        messages,
        problems: problems ?? [],
        authorizationImpact: authorizationImpact ?? [],
        sources: sources ?? [],
      };
    },
  };
}
