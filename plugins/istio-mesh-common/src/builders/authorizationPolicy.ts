import { AuthorizationPolicy, AuthorizationRule } from '../resources/objects';
import { invalidInput, ManifestSubject } from './invalidInput';
import {
  assertDns1123Label,
  assertDns1123Subdomain,
  assertLabels,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
} from './names';
import { ManifestMetadataInput, objectMetadata } from './objectMetadata';

/**
 * Input of {@link buildAuthorizationPolicies}.
 *
 * @public
 */
export interface AuthorizationPolicyInput extends ManifestMetadataInput {
  /** Pod labels of the workloads the policy protects; absent: the whole namespace. */
  selector?: Record<string, string>;
  /** Who may call: at least one service account or namespace. */
  from: {
    /**
     * `<namespace>/<serviceaccount>`, or `<serviceaccount>` in the policy's
     * namespace. Written as mTLS principals `<trustDomain>/ns/<ns>/sa/<sa>`.
     */
    serviceAccounts?: string[];
    /** Every workload of these namespaces. */
    namespaces?: string[];
  };
  /** What they may call; absent: everything. HTTP-only: methods, paths. */
  to?: { methods?: string[]; paths?: string[]; ports?: number[] };
  /**
   * Also write a namespace-wide ALLOW policy without rules ("allow-nothing"),
   * so that workloads no other policy admits callers to deny every request.
   */
  allowNothing?: boolean;
  /** Name of the allow-nothing policy; default `allow-nothing`. */
  allowNothingName?: string;
  /** The mesh's trust domain; default `cluster.local`. */
  trustDomain?: string;
}

const HTTP_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

function principalOf(
  entry: string,
  field: string,
  input: AuthorizationPolicyInput,
  trustDomain: string,
  subject: ManifestSubject,
): string {
  const parts = entry.split('/');
  if (parts.length > 2) {
    throw invalidInput(
      field,
      `"${entry}" is not a service account: write '<namespace>/<serviceaccount>' or '<serviceaccount>'`,
      subject,
    );
  }
  const [namespace, serviceAccount] =
    parts.length === 2 ? parts : [input.namespace, parts[0]];
  if (!namespace) {
    throw invalidInput(
      field,
      `"${entry}" has no namespace and the policy has none either: write '<namespace>/${entry}'`,
      subject,
    );
  }
  const problem =
    dns1123LabelProblem(namespace) ?? dns1123SubdomainProblem(serviceAccount);
  if (problem) throw invalidInput(field, problem, subject);
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

function checkOperation(
  to: NonNullable<AuthorizationPolicyInput['to']>,
  subject: ManifestSubject,
) {
  (to.methods ?? []).forEach((method, i) => {
    if (!HTTP_METHODS.has(method)) {
      throw invalidInput(
        `to.methods[${i}]`,
        `"${method}" is not an HTTP method; use one of ${[...HTTP_METHODS].join(
          ', ',
        )} (gRPC calls are POST)`,
        subject,
      );
    }
  });
  (to.paths ?? []).forEach((path, i) => {
    if (!path.startsWith('/') && !path.startsWith('*')) {
      throw invalidInput(
        `to.paths[${i}]`,
        `"${path}" is not a path: start it with '/' (exact, or a '/prefix/*'), or use '*suffix'`,
        subject,
      );
    }
  });
  (to.ports ?? []).forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw invalidInput(
        `to.ports[${i}]`,
        `${port} is not a port number (1-65535)`,
        subject,
      );
    }
  });
}

/**
 * Builds an ALLOW AuthorizationPolicy admitting the given service accounts
 * and namespaces to the given methods, paths and ports ("only frontend can
 * call checkout"), and optionally the namespace's allow-nothing policy.
 * Sources are ORed (one `from` entry each for principals and namespaces);
 * the fields of `to` are ANDed. An `InputError` names the offending field,
 * e.g. `from` when no caller is named: an ALLOW rule without sources would
 * let every caller in.
 *
 * @public
 */
export function buildAuthorizationPolicies(
  input: AuthorizationPolicyInput,
): AuthorizationPolicy[] {
  const { subject, metadata } = objectMetadata('AuthorizationPolicy', input);
  const trustDomain = input.trustDomain ?? 'cluster.local';
  assertDns1123Subdomain(trustDomain, 'trustDomain', subject);
  const selector = input.selector ?? {};
  assertLabels(selector, 'selector', subject);
  const serviceAccounts = input.from.serviceAccounts ?? [];
  const namespaces = input.from.namespaces ?? [];
  if (serviceAccounts.length === 0 && namespaces.length === 0) {
    throw invalidInput(
      'from',
      'name at least one caller in serviceAccounts or namespaces: an ALLOW rule without sources lets every caller in',
      subject,
    );
  }
  const principals = serviceAccounts.map((entry, i) =>
    principalOf(
      entry,
      `from.serviceAccounts[${i}]`,
      input,
      trustDomain,
      subject,
    ),
  );
  namespaces.forEach((namespace, i) =>
    assertDns1123Label(namespace, `from.namespaces[${i}]`, subject),
  );
  const to = input.to ?? {};
  checkOperation(to, subject);
  const allowNothingName = input.allowNothingName ?? 'allow-nothing';
  if (input.allowNothing) {
    assertDns1123Subdomain(allowNothingName, 'allowNothingName', subject);
    if (allowNothingName === input.name) {
      throw invalidInput(
        'allowNothingName',
        `"${allowNothingName}" is also the name of the allow policy`,
        subject,
      );
    }
  }

  const operation = {
    ...(to.ports?.length ? { ports: to.ports.map(String) } : {}),
    ...(to.methods?.length ? { methods: [...to.methods] } : {}),
    ...(to.paths?.length ? { paths: [...to.paths] } : {}),
  };
  const rule: AuthorizationRule = {
    from: [
      ...(principals.length ? [{ source: { principals } }] : []),
      ...(namespaces.length
        ? [{ source: { namespaces: [...namespaces] } }]
        : []),
    ],
    ...(Object.keys(operation).length ? { to: [{ operation }] } : {}),
  };
  const policies: AuthorizationPolicy[] = [
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata,
      spec: {
        ...(Object.keys(selector).length
          ? { selector: { matchLabels: { ...selector } } }
          : {}),
        action: 'ALLOW',
        rules: [rule],
      },
    },
  ];
  if (input.allowNothing) {
    policies.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: {
        ...metadata,
        name: allowNothingName,
        labels: { ...metadata.labels },
      },
      spec: {},
    });
  }
  return policies;
}
