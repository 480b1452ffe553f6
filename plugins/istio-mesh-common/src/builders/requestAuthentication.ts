import {
  AuthorizationPolicy,
  KubernetesObject,
  ObjectMeta,
} from '../resources/objects';
import { invalidInput, ManifestSubject } from './invalidInput';
import { assertDns1123Subdomain, assertLabels } from './names';
import { ManifestMetadataInput, objectMetadata } from './objectMetadata';

/**
 * Input of {@link buildRequestAuthentication}.
 *
 * @public
 */
export interface RequestAuthenticationInput extends ManifestMetadataInput {
  /** Pod labels of the workloads; absent: the whole namespace. */
  selector?: Record<string, string>;
  /** The token issuer (`iss`), e.g. `https://auth.homelab.local`. */
  issuer: string;
  /** URL of the issuer's JSON Web Key Set; absent: found by OpenID discovery from the issuer URL. */
  jwksUri?: string;
  /** Accepted `aud` values; absent: any. */
  audiences?: string[];
  /** Pass the token on to the workload; default false. */
  forwardOriginalToken?: boolean;
  /**
   * Also write the AuthorizationPolicy that rejects requests without a
   * valid token from this issuer. Without it a request with no token is
   * let through: a RequestAuthentication only rejects invalid tokens.
   * Default true.
   */
  requireToken?: boolean;
  /** Require the token on these paths only; default every path. */
  requireTokenPaths?: string[];
  /** Name of that policy; default `<name>-require-jwt`. */
  requireTokenPolicyName?: string;
}

/**
 * The RequestAuthentication fields the builder writes.
 *
 * @public
 */
export interface RequestAuthenticationManifest extends KubernetesObject {
  apiVersion: 'security.istio.io/v1';
  kind: 'RequestAuthentication';
  metadata: ObjectMeta;
  spec: {
    selector?: { matchLabels: Record<string, string> };
    jwtRules: Array<{
      issuer: string;
      jwksUri?: string;
      audiences?: string[];
      forwardOriginalToken?: boolean;
    }>;
  };
}

function checkUrl(value: string, field: string, subject: ManifestSubject): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidInput(field, `"${value}" is not an absolute URL`, subject);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidInput(field, `"${value}" is not an http(s) URL`, subject);
  }
  return url;
}

/**
 * Builds a RequestAuthentication for one JWT issuer and, unless
 * `requireToken` is false, the AuthorizationPolicy that enforces it: a
 * DENY of requests whose principal (`<iss>/<sub>`) is not from the issuer,
 * optionally on some paths only. DENY rather than ALLOW so that an
 * allow-all policy on the same workload cannot bypass it. An `InputError`
 * names the offending field, e.g. `jwksUri` when it is not a URL, or
 * `issuer` when it is not a URL and no `jwksUri` is given (then the keys
 * could not be discovered).
 *
 * @public
 */
export function buildRequestAuthentication(
  input: RequestAuthenticationInput,
): Array<RequestAuthenticationManifest | AuthorizationPolicy> {
  const { subject, metadata } = objectMetadata('RequestAuthentication', input);
  const selector = input.selector ?? {};
  assertLabels(selector, 'selector', subject);
  if (input.issuer.trim() === '')
    throw invalidInput('issuer', 'is empty', subject);
  if (input.jwksUri !== undefined) {
    checkUrl(input.jwksUri, 'jwksUri', subject);
  } else if (!/^https?:\/\//.test(input.issuer)) {
    throw invalidInput(
      'issuer',
      `"${input.issuer}" is not a URL, so its keys cannot be discovered: set jwksUri`,
      subject,
    );
  } else {
    checkUrl(input.issuer, 'issuer', subject);
  }
  (input.audiences ?? []).forEach((audience, i) => {
    if (audience.trim() === '')
      throw invalidInput(`audiences[${i}]`, 'is empty', subject);
  });
  const requireToken = input.requireToken ?? true;
  const paths = input.requireTokenPaths ?? [];
  if (!requireToken && paths.length) {
    throw invalidInput(
      'requireTokenPaths',
      'is set, but requireToken is false: no policy would require the token',
      subject,
    );
  }
  paths.forEach((path, i) => {
    if (!path.startsWith('/') && !path.startsWith('*')) {
      throw invalidInput(
        `requireTokenPaths[${i}]`,
        `"${path}" is not a path: start it with '/'`,
        subject,
      );
    }
  });
  const policyName =
    input.requireTokenPolicyName ?? `${input.name}-require-jwt`;
  if (requireToken)
    assertDns1123Subdomain(policyName, 'requireTokenPolicyName', subject);

  const matchLabels = Object.keys(selector).length
    ? { selector: { matchLabels: { ...selector } } }
    : {};
  const requestAuthentication: RequestAuthenticationManifest = {
    apiVersion: 'security.istio.io/v1',
    kind: 'RequestAuthentication',
    metadata,
    spec: {
      ...matchLabels,
      jwtRules: [
        {
          issuer: input.issuer,
          ...(input.jwksUri ? { jwksUri: input.jwksUri } : {}),
          ...(input.audiences?.length
            ? { audiences: [...input.audiences] }
            : {}),
          ...(input.forwardOriginalToken !== undefined
            ? { forwardOriginalToken: input.forwardOriginalToken }
            : {}),
        },
      ],
    },
  };
  if (!requireToken) return [requestAuthentication];
  const requirePolicy: AuthorizationPolicy = {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { ...metadata, name: policyName, labels: { ...metadata.labels } },
    spec: {
      ...matchLabels,
      action: 'DENY',
      rules: [
        {
          from: [{ source: { notRequestPrincipals: [`${input.issuer}/*`] } }],
          ...(paths.length
            ? { to: [{ operation: { paths: [...paths] } }] }
            : {}),
        },
      ],
    },
  };
  return [requestAuthentication, requirePolicy];
}
