/**
 * Names of the scaffolder templates that fix failing criteria. The Mesh tab
 * links to `/create/templates/default/<name>` with the form pre-filled.
 *
 * @public
 */
export const FIX_TEMPLATES = {
  canaryRollout: 'istio-canary-rollout',
  headerRouting: 'istio-header-routing',
  retriesTimeouts: 'istio-retries-timeouts',
  circuitBreaker: 'istio-circuit-breaker',
  strictMtls: 'istio-strict-mtls',
  serviceRbac: 'istio-service-rbac',
  jwtAuth: 'istio-jwt-auth',
  exposeHttpRoute: 'istio-expose-httproute',
} as const;
