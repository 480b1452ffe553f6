import authorizationPolicy from './schemas/istio/authorizationpolicy.json';
import destinationRule from './schemas/istio/destinationrule.json';
import gateway from './schemas/istio/gateway.json';
import peerAuthentication from './schemas/istio/peerauthentication.json';
import requestAuthentication from './schemas/istio/requestauthentication.json';
import serviceEntry from './schemas/istio/serviceentry.json';
import sidecar from './schemas/istio/sidecar.json';
import virtualService from './schemas/istio/virtualservice.json';
import httpRoute from './schemas/gateway-api/httproute.json';

/**
 * A vendored CRD schema: the OpenAPI v3 schema of one kind, with the API
 * group and the versions it is served as (all of which share the schema).
 *
 * @public
 */
export interface ManifestSchema {
  group: string;
  kind: string;
  versions: string[];
  /** The CRD's `openAPIV3Schema`, descriptions removed. */
  schema: Record<string, unknown>;
}

function vendored(file: Record<string, unknown>): ManifestSchema {
  return {
    group: file['x-istio-mesh-group'] as string,
    kind: file['x-istio-mesh-kind'] as string,
    versions: file['x-istio-mesh-versions'] as string[],
    schema: file,
  };
}

/**
 * Every vendored schema: Istio's (from its `crd-all.gen.yaml`) and Gateway
 * API's HTTPRoute (standard channel). Each file's `$comment` names its
 * source; `scripts/vendor-crd-schemas.js` regenerates them.
 *
 * @public
 */
export const MANIFEST_SCHEMAS: ManifestSchema[] = [
  authorizationPolicy,
  destinationRule,
  gateway,
  peerAuthentication,
  requestAuthentication,
  serviceEntry,
  sidecar,
  virtualService,
  httpRoute,
].map(file => vendored(file as Record<string, unknown>));

/**
 * The vendored schema for an apiVersion and kind, or undefined when there
 * is none (another kind, or a version the CRD does not serve).
 *
 * @public
 */
export function findManifestSchema(
  apiVersion: string,
  kind: string,
): ManifestSchema | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return MANIFEST_SCHEMAS.find(
    s => s.group === group && s.kind === kind && s.versions.includes(version),
  );
}
