import { parse } from 'yaml';
import {
  LabelRequirement,
  matchesLabelSelector,
} from '../labels/labelSelector';
import { Container, KubernetesObject } from '../resources/objects';

// Label and annotation names (istio.io/api label and annotation packages).
/** Namespace label that turns default-revision injection on or off. @public */
export const INJECTION_NAMESPACE_LABEL = 'istio-injection';
/** Namespace or pod label naming the control-plane revision. @public */
export const REVISION_LABEL = 'istio.io/rev';
/** Pod label (and deprecated annotation) forcing injection on or off. @public */
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
const SIDECAR_STATUS_ANNOTATION = 'sidecar.istio.io/status';
/** Namespace or pod label enrolling workloads in ambient mode. @public */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
const AMBIENT_REDIRECTION_ANNOTATION = 'ambient.istio.io/redirection';
const PROXY_CONTAINER = 'istio-proxy';

/**
 * Namespaces the injector never injects into (istio
 * `pkg/kube/inject/initializer.go` IgnoredNamespaces); the
 * `enableNamespacesByDefault` webhook leaves them out too.
 *
 * @public
 */
export const INJECTION_IGNORED_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
];

/**
 * A Kubernetes `metav1.LabelSelector`, as in the injector's
 * `neverInjectSelector` / `alwaysInjectSelector`.
 *
 * @public
 */
export interface KubernetesLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

/**
 * The parts of one revision's sidecar injector configuration that decide
 * whether a pod is injected (ConfigMap `istio-sidecar-injector[-<rev>]`).
 *
 * @public
 */
export interface InjectorConfig {
  /** `enabled` injects unless a pod opts out; `disabled` only on opt-in; anything else never. */
  policy: string;
  neverInjectSelector: KubernetesLabelSelector[];
  alwaysInjectSelector: KubernetesLabelSelector[];
  /** `sidecarInjectorWebhook.enableNamespacesByDefault` of the install. */
  enableNamespacesByDefault: boolean;
}

/**
 * Istio's defaults: `global.proxy.autoInject: enabled`, no selectors,
 * `enableNamespacesByDefault: false`.
 *
 * @public
 */
export const DEFAULT_INJECTOR_CONFIG: InjectorConfig = {
  policy: 'enabled',
  neverInjectSelector: [],
  alwaysInjectSelector: [],
  enableNamespacesByDefault: false,
};

/**
 * Name of the injector ConfigMap of a revision (istio analyzers
 * `util.GetInjectorConfigMapName`): `istio-sidecar-injector` for the default
 * revision, `istio-sidecar-injector-<rev>` otherwise.
 *
 * @public
 */
export function injectorConfigMapName(revision: string | undefined): string {
  return !revision || revision === 'default'
    ? 'istio-sidecar-injector'
    : `istio-sidecar-injector-${revision}`;
}

interface InjectorConfigMapData {
  data?: { config?: unknown; values?: unknown };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asSelectors(value: unknown): KubernetesLabelSelector[] {
  return Array.isArray(value)
    ? value.filter((s): s is KubernetesLabelSelector => Boolean(asRecord(s)))
    : [];
}

/**
 * `sidecarInjectorWebhook.enableNamespacesByDefault` from the JSON `values`
 * of an injector ConfigMap; false when absent or unreadable (istio
 * `GetEnableNamespacesByDefaultFromInjectedConfigMap`).
 *
 * @public
 */
export function enableNamespacesByDefaultOf(
  configMap: KubernetesObject,
): boolean {
  const values = (configMap as InjectorConfigMapData).data?.values;
  if (typeof values !== 'string') return false;
  try {
    const webhook = asRecord(
      asRecord(JSON.parse(values))?.sidecarInjectorWebhook,
    );
    return webhook?.enableNamespacesByDefault === true;
  } catch {
    return false;
  }
}

/**
 * Reads an injector ConfigMap: the YAML `config` key (policy and selectors)
 * and the JSON `values` key (enableNamespacesByDefault). Missing or
 * unreadable parts keep Istio's defaults.
 *
 * @public
 */
export function parseInjectorConfigMap(
  configMap: KubernetesObject,
): InjectorConfig {
  const text = (configMap as InjectorConfigMapData).data?.config;
  let config: Record<string, unknown> | undefined;
  if (typeof text === 'string') {
    try {
      config = asRecord(parse(text));
    } catch {
      config = undefined;
    }
  }
  const policy = config?.policy;
  return {
    policy:
      typeof policy === 'string' ? policy : DEFAULT_INJECTOR_CONFIG.policy,
    neverInjectSelector: asSelectors(config?.neverInjectSelector),
    alwaysInjectSelector: asSelectors(config?.alwaysInjectSelector),
    enableNamespacesByDefault: enableNamespacesByDefaultOf(configMap),
  };
}

/**
 * The labels, annotations and spec fields of a pod, or of a controller's
 * pod template, that enrollment reads.
 *
 * @public
 */
export interface EnrollmentPod {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    hostNetwork?: boolean;
    containers?: Container[];
    initContainers?: Container[];
  };
}

/**
 * The namespace a pod runs in: its name and the labels of its Namespace
 * object (absent when the object is unknown).
 *
 * @public
 */
export interface EnrollmentNamespace {
  name: string;
  labels?: Record<string, string>;
}

/**
 * The namespace of a Namespace object, for the enrollment functions.
 *
 * @public
 */
export function enrollmentNamespace(
  namespace: KubernetesObject,
): EnrollmentNamespace {
  return { name: namespace.metadata.name, labels: namespace.metadata.labels };
}

/**
 * Options of {@link sidecarInjection} and {@link predictDataplane}.
 *
 * @public
 */
export interface EnrollmentOptions {
  /** Injector configuration per revision (`default` for the default one). */
  injectors?: Record<string, InjectorConfig>;
  /**
   * Revisions (and tags) that have an injection webhook installed; when
   * given, a pod routed to any other revision is not injected.
   */
  installedRevisions?: string[];
  /** Namespaces istio-cni ignores (`excludeNamespaces`, default `kube-system`). */
  cniExcludeNamespaces?: string[];
}

/**
 * Why a pod is or is not injected.
 *
 * - `no-webhook`: no injection webhook selects the pod (namespace and pod labels).
 * - `revision-not-installed`: the selected revision is not in `installedRevisions`.
 * - `host-network`, `ignored-namespace`: the injector skips the pod.
 * - `pod-label`, `pod-annotation`: `sidecar.istio.io/inject` `true`/`false` decided.
 * - `never-inject-selector`, `always-inject-selector`: injector selectors decided.
 * - `policy`: the injector's default `policy` decided.
 *
 * @public
 */
export type SidecarInjectionReason =
  | 'no-webhook'
  | 'revision-not-installed'
  | 'host-network'
  | 'ignored-namespace'
  | 'pod-label'
  | 'pod-annotation'
  | 'never-inject-selector'
  | 'always-inject-selector'
  | 'policy';

/**
 * Outcome of the sidecar injection decision for one pod.
 *
 * @public
 */
export interface SidecarInjectionDecision {
  inject: boolean;
  /**
   * Revision whose injection webhook receives the pod: `default` or a
   * revision or tag name; absent when no webhook selects it.
   */
  revision?: string;
  reason: SidecarInjectionReason;
}

function hasLabel(labels: Record<string, string> | undefined, key: string) {
  return (
    labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key)
  );
}

/**
 * The webhook of the Helm chart (istio-discovery `mutatingwebhook.yaml`)
 * that selects a pod: its revision, or undefined.
 */
function webhookRevision(
  pod: EnrollmentPod,
  namespace: EnrollmentNamespace,
  defaultConfig: InjectorConfig,
): string | undefined {
  const nsLabels = namespace.labels;
  const podLabels = pod.metadata?.labels;
  const optedOut = podLabels?.[SIDECAR_INJECT] === 'false';
  if (hasLabel(nsLabels, INJECTION_NAMESPACE_LABEL)) {
    // istio-injection takes precedence over istio.io/rev on the namespace.
    return nsLabels![INJECTION_NAMESPACE_LABEL] === 'enabled' && !optedOut
      ? 'default'
      : undefined;
  }
  if (hasLabel(nsLabels, REVISION_LABEL)) {
    const revision = nsLabels![REVISION_LABEL];
    return revision && !optedOut ? revision : undefined;
  }
  if (hasLabel(podLabels, REVISION_LABEL)) {
    const revision = podLabels![REVISION_LABEL];
    return revision && !optedOut ? revision : undefined;
  }
  if (podLabels?.[SIDECAR_INJECT] === 'true') return 'default';
  if (
    defaultConfig.enableNamespacesByDefault &&
    !hasLabel(podLabels, SIDECAR_INJECT) &&
    !INJECTION_IGNORED_NAMESPACES.includes(namespace.name)
  ) {
    return 'default';
  }
  return undefined;
}

function selectorRequirements(
  selector: KubernetesLabelSelector,
): LabelRequirement[] {
  const requirements: LabelRequirement[] = Object.entries(
    selector.matchLabels ?? {},
  ).map(([key, value]) => ({ key, operator: 'in', values: [value] }));
  for (const expression of selector.matchExpressions ?? []) {
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        requirements.push({ key: expression.key, operator: 'in', values });
        break;
      case 'NotIn':
        requirements.push({ key: expression.key, operator: 'notIn', values });
        break;
      case 'Exists':
        requirements.push({ key: expression.key, operator: 'exists' });
        break;
      case 'DoesNotExist':
        requirements.push({ key: expression.key, operator: 'doesNotExist' });
        break;
      default:
        // An invalid selector is skipped by the injector (logged as a warning).
        return [];
    }
  }
  return requirements;
}

function anySelectorMatches(
  selectors: KubernetesLabelSelector[],
  labels: Record<string, string> | undefined,
) {
  return selectors.some(selector => {
    const requirements = selectorRequirements(selector);
    // The injector ignores empty selectors.
    return (
      requirements.length > 0 && matchesLabelSelector(requirements, labels)
    );
  });
}

/**
 * Whether the sidecar injector would inject a pod created from `pod` in
 * `namespace`, and which revision's injector handles it (SEMANTICS §7):
 * the Helm webhook selectors pick the injector from the namespace labels
 * `istio-injection` (which wins) and `istio.io/rev` and the pod labels
 * `sidecar.istio.io/inject` and `istio.io/rev`; the injector then skips
 * hostNetwork pods and ignored namespaces, honours the pod label (over the
 * deprecated annotation) `sidecar.istio.io/inject`, its never/always
 * selectors and finally its `policy`.
 *
 * @public
 */
export function sidecarInjection(
  pod: EnrollmentPod,
  namespace: EnrollmentNamespace,
  options: EnrollmentOptions = {},
): SidecarInjectionDecision {
  const configOf = (revision: string) =>
    options.injectors?.[revision] ?? DEFAULT_INJECTOR_CONFIG;
  const revision = webhookRevision(pod, namespace, configOf('default'));
  if (revision === undefined) return { inject: false, reason: 'no-webhook' };
  if (
    options.installedRevisions &&
    !options.installedRevisions.includes(revision)
  ) {
    return { inject: false, revision, reason: 'revision-not-installed' };
  }
  if (pod.spec?.hostNetwork) {
    return { inject: false, revision, reason: 'host-network' };
  }
  if (INJECTION_IGNORED_NAMESPACES.includes(namespace.name)) {
    return { inject: false, revision, reason: 'ignored-namespace' };
  }

  const labels = pod.metadata?.labels;
  const fromLabel = hasLabel(labels, SIDECAR_INJECT);
  const explicit = fromLabel
    ? labels![SIDECAR_INJECT]
    : pod.metadata?.annotations?.[SIDECAR_INJECT];
  // Only exact `true`/`false` decide; other values fall back to the default.
  if (explicit === 'true' || explicit === 'false') {
    return {
      inject: explicit === 'true',
      revision,
      reason: fromLabel ? 'pod-label' : 'pod-annotation',
    };
  }
  const config = configOf(revision);
  if (anySelectorMatches(config.neverInjectSelector, labels)) {
    return { inject: false, revision, reason: 'never-inject-selector' };
  }
  if (anySelectorMatches(config.alwaysInjectSelector, labels)) {
    return { inject: true, revision, reason: 'always-inject-selector' };
  }
  return { inject: config.policy === 'enabled', revision, reason: 'policy' };
}

/**
 * Why a pod is or is not captured by ambient mode.
 *
 * - `pod-label`: pod `istio.io/dataplane-mode=ambient`.
 * - `namespace-label`: namespace `istio.io/dataplane-mode=ambient`.
 * - `pod-opt-out`: pod `istio.io/dataplane-mode=none` in an ambient namespace.
 * - `not-labelled`: neither the pod nor its namespace asks for ambient.
 * - `host-network`, `has-sidecar`, `excluded-namespace`: istio-cni skips the pod.
 *
 * @public
 */
export type AmbientEnrollmentReason =
  | 'pod-label'
  | 'namespace-label'
  | 'pod-opt-out'
  | 'not-labelled'
  | 'host-network'
  | 'has-sidecar'
  | 'excluded-namespace';

/**
 * Whether istio-cni enrols a pod into ambient mode.
 *
 * @public
 */
export interface AmbientEnrollment {
  enrolled: boolean;
  reason: AmbientEnrollmentReason;
}

/**
 * Whether istio-cni would capture a pod for ztunnel, by its default
 * enablement selectors (istio-cni `ambient.enablementSelectors`, `cni/pkg/util`
 * `CompiledEnablementSelectors.Matches`): pod label
 * `istio.io/dataplane-mode=ambient`, or namespace label `ambient` unless the
 * pod says `none`; hostNetwork pods and pods with a sidecar
 * (`sidecar.istio.io/status` annotation) are never captured.
 *
 * @public
 */
export function ambientEnrollment(
  pod: EnrollmentPod,
  namespace: EnrollmentNamespace,
  options: EnrollmentOptions = {},
): AmbientEnrollment {
  if (
    (options.cniExcludeNamespaces ?? ['kube-system']).includes(namespace.name)
  ) {
    return { enrolled: false, reason: 'excluded-namespace' };
  }
  if (pod.spec?.hostNetwork) return { enrolled: false, reason: 'host-network' };
  if (hasLabel(pod.metadata?.annotations, SIDECAR_STATUS_ANNOTATION)) {
    return { enrolled: false, reason: 'has-sidecar' };
  }
  const podMode = pod.metadata?.labels?.[DATAPLANE_MODE_LABEL];
  if (podMode === 'ambient') return { enrolled: true, reason: 'pod-label' };
  if (namespace.labels?.[DATAPLANE_MODE_LABEL] === 'ambient') {
    return podMode === 'none'
      ? { enrolled: false, reason: 'pod-opt-out' }
      : { enrolled: true, reason: 'namespace-label' };
  }
  return { enrolled: false, reason: 'not-labelled' };
}

function hasProxyContainer(pod: EnrollmentPod): boolean {
  return (
    (pod.spec?.containers ?? []).some(c => c.name === PROXY_CONTAINER) ||
    // Native sidecars run the proxy as an init container that keeps running.
    (pod.spec?.initContainers ?? []).some(
      c => c.name === PROXY_CONTAINER && c.restartPolicy === 'Always',
    )
  );
}

/**
 * The data plane a pod created from `pod` in `namespace` would get, for
 * manifests that have no running pods: `sidecar` when it already carries
 * an `istio-proxy` container or would be injected, else `ambient` when
 * istio-cni would capture it, else `none`. Injection wins over ambient
 * because an injected pod is skipped by istio-cni.
 *
 * @public
 */
export function predictDataplane(
  pod: EnrollmentPod,
  namespace: EnrollmentNamespace,
  options: EnrollmentOptions = {},
): 'sidecar' | 'ambient' | 'none' {
  if (
    hasProxyContainer(pod) ||
    sidecarInjection(pod, namespace, options).inject
  ) {
    return 'sidecar';
  }
  return ambientEnrollment(pod, namespace, options).enrolled
    ? 'ambient'
    : 'none';
}

// The helpers below reproduce istioctl analyze's own notion of "in mesh"
// (pkg/config/analysis/analyzers/util/in_mesh.go), which is simpler than
// the injector's: it ignores istio.io/rev and the injector policy.

function analyzerInMesh(
  metadata: EnrollmentPod['metadata'],
  containers: Container[],
  namespace: EnrollmentNamespace | undefined,
): boolean {
  // An istio-proxy container only counts when it names an image.
  if (containers.some(c => c.name === PROXY_CONTAINER && c.image)) return true;
  for (const source of [metadata?.labels, metadata?.annotations]) {
    if (hasLabel(source, SIDECAR_INJECT)) {
      return source![SIDECAR_INJECT] === 'true';
    }
  }
  return namespace?.labels?.[INJECTION_NAMESPACE_LABEL] === 'enabled';
}

/**
 * istioctl's `util.PodInMesh`: an `istio-proxy` container (or init
 * container) with an image; else the pod label, then annotation,
 * `sidecar.istio.io/inject`; else namespace `istio-injection=enabled`.
 *
 * @public
 */
export function podInMesh(
  pod: EnrollmentPod,
  namespace: EnrollmentNamespace | undefined,
): boolean {
  return analyzerInMesh(
    pod.metadata,
    [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])],
    namespace,
  );
}

/**
 * istioctl's `util.DeploymentInMesh`: {@link podInMesh} on a controller's
 * pod template, looking at its containers only.
 *
 * @public
 */
export function podTemplateInMesh(
  template: EnrollmentPod | undefined,
  namespace: EnrollmentNamespace | undefined,
): boolean {
  return analyzerInMesh(
    template?.metadata,
    template?.spec?.containers ?? [],
    namespace,
  );
}

/**
 * istioctl's `util.PodInAmbientMode`: istio-cni has annotated the pod
 * `ambient.istio.io/redirection=enabled`.
 *
 * @public
 */
export function podInAmbientMode(pod: EnrollmentPod): boolean {
  return (
    pod.metadata?.annotations?.[AMBIENT_REDIRECTION_ANNOTATION] === 'enabled'
  );
}

/**
 * istioctl's `util.NamespaceInAmbientMode`: `istio.io/dataplane-mode=ambient`
 * without `istio-injection=enabled` or a non-empty `istio.io/rev`.
 *
 * @public
 */
export function namespaceInAmbientMode(
  namespace: EnrollmentNamespace | undefined,
): boolean {
  const labels = namespace?.labels;
  if (!labels) return false;
  if (labels[INJECTION_NAMESPACE_LABEL] === 'enabled') return false;
  if (labels[REVISION_LABEL]) return false;
  return labels[DATAPLANE_MODE_LABEL] === 'ambient';
}
