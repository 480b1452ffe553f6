import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AnalyzeRequest,
  AnalyzeResponse,
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
  return {
    async analyze(request, credentials) {
      const [baseUrl, { token }] = await Promise.all([
        discovery.getBaseUrl('istio-mesh'),
        auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId: 'istio-mesh',
        }),
      ]);
      const response = await fetch(`${baseUrl}/v1/analyze`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const body = (await response.json()) as Partial<AnalyzeResponse>;
      if (!Array.isArray(body?.messages)) {
        throw new Error(
          'istio-mesh backend answered POST /v1/analyze without a messages list',
        );
      }
      return {
        ...body,
        messages: body.messages,
        problems: body.problems ?? [],
        authorizationImpact: body.authorizationImpact ?? [],
        sources: body.sources ?? [],
      };
    },
  };
}
