import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  isRecord,
  LAST_APPLIED_ANNOTATION,
} from '@istio-mesh/plugin-istio-mesh-common';

// Listed objects are cut down to the fields the mesh model reads before they
// are kept: a cluster-wide LIST of pods is large, and environment variables,
// volumes and managedFields have no business in the snapshot.

type Plain = Record<string, unknown>;

/**
 * The client's typed models (class instances, `Date` timestamps, absent
 * fields set to undefined) as the plain JSON the API server sent.
 */
export function toPlainJson(value: unknown): unknown {
  if (value instanceof Date) {
    return value.toISOString().replace('.000Z', 'Z');
  }
  if (Array.isArray(value)) {
    return value.map(toPlainJson);
  }
  if (value !== null && typeof value === 'object') {
    const result: Plain = {};
    for (const [key, entry] of Object.entries(value)) {
      if (entry !== undefined) result[key] = toPlainJson(entry);
    }
    return result;
  }
  return value;
}

function asObject(value: unknown): Plain | undefined {
  return isRecord(value) ? value : undefined;
}

/** Copies the named fields that are present, leaving absent ones out. */
function pick(value: unknown, fields: readonly string[]): Plain | undefined {
  const source = asObject(value);
  if (!source) return value === undefined ? undefined : (value as Plain);
  const result: Plain = {};
  for (const field of fields) {
    if (source[field] !== undefined) result[field] = source[field];
  }
  return result;
}

function pickEach(value: unknown, fields: readonly string[]) {
  return Array.isArray(value) ? value.map(v => pick(v, fields)) : value;
}

function withoutUndefined(object: Plain): Plain {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined),
  );
}

function keepMetadata(metadata: unknown): Plain | undefined {
  const kept = pick(metadata, [
    'name',
    'namespace',
    'uid',
    'labels',
    'annotations',
    'creationTimestamp',
    'ownerReferences',
  ]);
  if (!kept || !asObject(kept)) return kept;
  const annotations = asObject(kept.annotations);
  if (annotations && LAST_APPLIED_ANNOTATION in annotations) {
    const { [LAST_APPLIED_ANNOTATION]: _dropped, ...rest } = annotations;
    kept.annotations = rest;
  }
  kept.ownerReferences = pickEach(kept.ownerReferences, [
    'apiVersion',
    'kind',
    'name',
    'uid',
    'controller',
  ]);
  return withoutUndefined(kept);
}

const CONTAINER_FIELDS = [
  'name',
  'image',
  'ports',
  'restartPolicy',
  'securityContext',
] as const;

function keepPodSpec(spec: unknown): Plain | undefined {
  const kept = pick(spec, [
    'serviceAccountName',
    'hostNetwork',
    'securityContext',
    'containers',
    'initContainers',
  ]);
  if (!kept || !asObject(kept)) return kept;
  kept.containers = pickEach(kept.containers, CONTAINER_FIELDS);
  kept.initContainers = pickEach(kept.initContainers, CONTAINER_FIELDS);
  return withoutUndefined(kept);
}

const CONTAINER_STATUS_FIELDS = ['name', 'ready', 'restartCount', 'image'];

function keepPodStatus(status: unknown): Plain | undefined {
  const kept = pick(status, [
    'phase',
    'conditions',
    'containerStatuses',
    'initContainerStatuses',
  ]);
  if (!kept || !asObject(kept)) return kept;
  kept.conditions = pickEach(kept.conditions, ['type', 'status']);
  kept.containerStatuses = pickEach(
    kept.containerStatuses,
    CONTAINER_STATUS_FIELDS,
  );
  kept.initContainerStatuses = pickEach(
    kept.initContainerStatuses,
    CONTAINER_STATUS_FIELDS,
  );
  return withoutUndefined(kept);
}

function keepControllerSpec(spec: unknown): Plain | undefined {
  const kept = pick(spec, ['replicas', 'selector', 'template']);
  if (!kept || !asObject(kept)) return kept;
  const template = pick(kept.template, ['metadata', 'spec']);
  if (template && asObject(template)) {
    kept.template = withoutUndefined({
      metadata: pick(template.metadata, ['labels', 'annotations']),
      spec: keepPodSpec(template.spec),
    });
  }
  return withoutUndefined(kept);
}

function keepApplicationStatus(status: unknown): Plain | undefined {
  const kept = pick(status, ['sync', 'health', 'resources', 'conditions']);
  if (!kept || !asObject(kept)) return kept;
  kept.sync = pick(kept.sync, ['status', 'revision', 'revisions']);
  kept.health = pick(kept.health, ['status', 'message']);
  kept.resources = pickEach(kept.resources, [
    'group',
    'version',
    'kind',
    'namespace',
    'name',
    'status',
    'health',
    'requiresPruning',
  ]);
  kept.conditions = pickEach(kept.conditions, ['type', 'message']);
  return withoutUndefined(kept);
}

// The MeshConfig fields the model reads (analyzer/meshConfig.ts).
const MESH_CONFIG_FIELDS = [
  'rootNamespace',
  'trustDomain',
  'trustDomainAliases',
  'enableAutoMtls',
  'ingressControllerMode',
  'ingressService',
  'defaultServiceExportTo',
  'defaultVirtualServiceExportTo',
  'defaultDestinationRuleExportTo',
  'extensionProviders',
  'defaultConfig',
];

function keepMeshConfig(meshConfig: unknown): Plain | undefined {
  const kept = pick(meshConfig, MESH_CONFIG_FIELDS);
  if (!kept || !asObject(kept)) return kept;
  // A provider's name is what CUSTOM policies name; its settings are not read.
  kept.extensionProviders = pickEach(kept.extensionProviders, ['name']);
  kept.defaultConfig = pick(kept.defaultConfig, ['interceptionMode']);
  return withoutUndefined(kept);
}

function keepSailIstioSpec(spec: unknown): Plain | undefined {
  const kept = pick(spec, ['version', 'namespace', 'updateStrategy', 'values']);
  if (!kept || !asObject(kept)) return kept;
  kept.updateStrategy = pick(kept.updateStrategy, ['type']);
  // Of the Helm values, only the mesh configuration and istiod's namespace.
  const values = pick(kept.values, ['meshConfig', 'global']);
  if (values && asObject(values)) {
    values.meshConfig = keepMeshConfig(values.meshConfig);
    values.global = pick(values.global, ['istioNamespace']);
    kept.values = withoutUndefined(values);
  }
  return withoutUndefined(kept);
}

/** Re-serialises a text document down to `keep` of it; unreadable text is kept. */
function reduceText(
  text: unknown,
  read: (text: string) => unknown,
  keep: (value: unknown) => unknown,
  write: (value: unknown) => string,
): unknown {
  if (typeof text !== 'string') return text;
  try {
    return write(keep(read(text)) ?? {});
  } catch {
    // The model reports what it cannot read; keep it as written.
    return text;
  }
}

/**
 * The data of Istio's own ConfigMaps (`istio`, `istio-<revision>`,
 * `istio-sidecar-injector[-<revision>]`), down to what the model reads: the
 * MeshConfig fields of `mesh`, the injection policy and selectors of
 * `config` and the capture defaults of `values`. Other keys are dropped.
 */
function keepIstioConfigMapData(data: unknown): Plain | undefined {
  const source = asObject(data);
  if (!source) return undefined;
  const kept: Plain = {
    mesh: reduceText(source.mesh, parseYaml, keepMeshConfig, stringifyYaml),
    config: reduceText(
      source.config,
      parseYaml,
      config =>
        pick(config, ['policy', 'alwaysInjectSelector', 'neverInjectSelector']),
      stringifyYaml,
    ),
    values: reduceText(
      source.values,
      JSON.parse,
      values => {
        const root = asObject(values) ?? {};
        const proxy = pick(asObject(root.global)?.proxy, [
          'includeInboundPorts',
          'excludeInboundPorts',
          'statusPort',
        ]);
        return withoutUndefined({
          global: proxy ? { proxy } : undefined,
          sidecarInjectorWebhook: pick(root.sidecarInjectorWebhook, [
            'enableNamespacesByDefault',
          ]),
        });
      },
      JSON.stringify,
    ),
  };
  return withoutUndefined(kept);
}

function keepSailIstioStatus(status: unknown): Plain | undefined {
  const kept = pick(status, [
    'state',
    'activeRevisionName',
    'revisions',
    'conditions',
  ]);
  if (!kept || !asObject(kept)) return kept;
  kept.revisions = pick(kept.revisions, ['total', 'ready', 'inUse']);
  kept.conditions = pickEach(kept.conditions, [
    'type',
    'status',
    'reason',
    'message',
  ]);
  return withoutUndefined(kept);
}

/**
 * One listed item, plain JSON with its kind and apiVersion restored (the API
 * server leaves them out of list items) and only the fields the model uses:
 * metadata without managedFields, pod specs without env, volumes and probes,
 * status only for pods, Deployments (ready replicas), Argo CD Applications
 * and Sail Operator `Istio` resources.
 */
export function keepUsedFields(
  item: unknown,
  kind: string,
  apiVersion: string,
): Plain {
  const object = asObject(toPlainJson(item)) ?? {};
  const metadata = keepMetadata(object.metadata);
  let spec: unknown;
  let status: unknown;
  switch (kind) {
    case 'Pod':
      spec = keepPodSpec(object.spec);
      status = keepPodStatus(object.status);
      break;
    case 'Deployment':
      spec = keepControllerSpec(object.spec);
      // Ready replicas tell whether istiod is up.
      status = pick(object.status, ['readyReplicas']);
      break;
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      spec = keepControllerSpec(object.spec);
      break;
    case 'Namespace':
    case 'ServiceAccount':
    case 'MutatingWebhookConfiguration':
      // Labels and name are all that is read: not a ServiceAccount's
      // `secrets`, nor a webhook's `caBundle`.
      break;
    case 'Application':
      spec = object.spec;
      status = keepApplicationStatus(object.status);
      break;
    case 'ConfigMap':
      // Only Istio's own ConfigMaps are listed; of them, what is read.
      return withoutUndefined({
        apiVersion,
        kind,
        metadata,
        data: keepIstioConfigMapData(object.data),
      });
    case 'Istio':
      // Of the Sail Operator's Helm values, only the mesh configuration.
      spec = keepSailIstioSpec(object.spec);
      status = keepSailIstioStatus(object.status);
      break;
    default:
      // Services and Istio resources: the spec is the configuration itself.
      spec = object.spec;
  }
  return withoutUndefined({ apiVersion, kind, metadata, spec, status });
}
