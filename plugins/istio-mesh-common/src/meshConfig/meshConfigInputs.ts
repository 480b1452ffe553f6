import { parse } from 'yaml';
import { apiGroupOf } from '../resources/objects';
import { MeshConfig, readMeshConfig } from '../analyzer/meshConfig';
import {
  InjectorConfig,
  parseInjectorConfigMap,
} from '../resolution/enrollment';
import { KubernetesObject, objectKey } from '../resources/objects';
import { isRecord } from '../resources/specFields';

/**
 * Name of the MeshConfig ConfigMap of the default revision.
 *
 * @public
 */
export const MESH_CONFIG_MAP = 'istio';
/**
 * Name of the sidecar injector ConfigMap of the default revision.
 *
 * @public
 */
export const INJECTOR_CONFIG_MAP = 'istio-sidecar-injector';
const DEFAULT_REVISION = 'default';
const SAIL_GROUP = 'sailoperator.io';

/**
 * A MeshConfig document found among the inputs.
 *
 * @public
 */
export interface MeshConfigDocument {
  /** `ConfigMap istio-system/istio`, `Istio default` (Sail Operator). */
  source: string;
  kind: 'ConfigMap' | 'Istio';
  /** The object the document was read from. */
  object: KubernetesObject;
  /**
   * Control-plane revision of a ConfigMap: `default` for `istio`, `<rev>`
   * for `istio-<rev>`. Absent for a Sail Operator `Istio`, which applies to
   * every revision without a ConfigMap of its own.
   */
  revision?: string;
  config: MeshConfig;
}

/**
 * The sidecar injector's defaults for inbound capture, from the injector
 * ConfigMap's Helm `values` (`global.proxy`).
 *
 * @public
 */
export interface InjectorCaptureDefaults {
  /** `global.proxy.includeInboundPorts`; Istio's default is `*`. */
  includeInboundPorts?: string;
  /** `global.proxy.excludeInboundPorts`; Istio's default is empty. */
  excludeInboundPorts?: string;
  /** `global.proxy.statusPort`, always excluded from capture; default 15020. */
  statusPort?: number;
}

/**
 * The mesh configuration that lives in a set of objects (a cluster, a
 * snapshot or a GitOps folder).
 *
 * @public
 */
export interface MeshConfigInputs {
  /** MeshConfig ConfigMaps, by revision. */
  configMaps: Map<string, MeshConfigDocument>;
  /** Sail Operator `Istio` resources with their `spec.values.meshConfig`, by name. */
  sail: MeshConfigDocument[];
  /** Injector configuration by revision (`default` for `istio-sidecar-injector`). */
  injectors: Record<string, InjectorConfig>;
  /** Inbound capture defaults by revision. */
  captureDefaults: Record<string, InjectorCaptureDefaults>;
  /** Documents that could not be read, each naming the object and field. */
  problems: string[];
}

const isCoreConfigMap = (object: KubernetesObject) =>
  object.kind === 'ConfigMap' && object.apiVersion === 'v1';

/**
 * The namespaces istiod runs in (Deployments labelled `app: istiod`); empty
 * when the inputs hold no istiod, as a GitOps folder often does.
 */
function istiodNamespaces(objects: KubernetesObject[]): Set<string> {
  return new Set(
    objects
      .filter(
        o =>
          o.kind === 'Deployment' &&
          apiGroupOf(o.apiVersion) === 'apps' &&
          o.metadata.labels?.app === 'istiod',
      )
      .map(o => o.metadata.namespace ?? ''),
  );
}

/** `istio` -> `default`, `istio-canary` -> `canary`, else undefined. */
function revisionOfName(name: string, base: string): string | undefined {
  if (name === base) return DEFAULT_REVISION;
  return name.startsWith(`${base}-`)
    ? name.slice(base.length + 1) || undefined
    : undefined;
}

function configMapData(object: KubernetesObject): Record<string, unknown> {
  const data = (object as { data?: unknown }).data;
  return isRecord(data) ? data : {};
}

function readConfigMapMesh(
  object: KubernetesObject,
  source: string,
): MeshConfig {
  const text = configMapData(object).mesh as string;
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (error) {
    throw new Error(
      `${source}: data.mesh is not valid YAML: ${(error as Error).message}`,
    );
  }
  if (!isRecord(raw)) throw new Error(`${source}: data.mesh must be a mapping`);
  return readMeshConfig(raw, `${source}: data.mesh`);
}

/**
 * A Sail Operator `Istio`'s `spec.values.meshConfig`, with the root
 * namespace the Helm chart gives it when unset: `global.istioNamespace`,
 * which the operator sets to `spec.namespace`.
 */
function readSailMesh(object: KubernetesObject, source: string): MeshConfig {
  const spec = isRecord(object.spec) ? object.spec : {};
  const values = isRecord(spec.values) ? spec.values : {};
  const meshConfig = values.meshConfig ?? {};
  if (!isRecord(meshConfig)) {
    throw new Error(`${source}: spec.values.meshConfig must be an object`);
  }
  const global = isRecord(values.global) ? values.global : {};
  const istioNamespace =
    (typeof global.istioNamespace === 'string' && global.istioNamespace) ||
    (typeof spec.namespace === 'string' && spec.namespace) ||
    undefined;
  return readMeshConfig(
    {
      ...(istioNamespace ? { rootNamespace: istioNamespace } : {}),
      ...meshConfig,
    },
    `${source}: spec.values.meshConfig`,
  );
}

function captureDefaultsOf(object: KubernetesObject): InjectorCaptureDefaults {
  const values = configMapData(object).values;
  if (typeof values !== 'string') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(values);
  } catch {
    return {};
  }
  const global = isRecord(parsed) ? parsed.global : undefined;
  const proxy = isRecord(global) ? global.proxy : undefined;
  if (!isRecord(proxy)) return {};
  return {
    ...(typeof proxy.includeInboundPorts === 'string'
      ? { includeInboundPorts: proxy.includeInboundPorts }
      : {}),
    ...(typeof proxy.excludeInboundPorts === 'string'
      ? { excludeInboundPorts: proxy.excludeInboundPorts }
      : {}),
    ...(typeof proxy.statusPort === 'number'
      ? { statusPort: proxy.statusPort }
      : {}),
  };
}

/**
 * Finds the mesh configuration among objects: the MeshConfig ConfigMaps
 * `istio` and `istio-<revision>` (key `mesh`), the Sail Operator `Istio`
 * resources (`spec.values.meshConfig`) and the injector ConfigMaps
 * `istio-sidecar-injector[-<revision>]` (keys `config` and `values`).
 * When the objects include istiod Deployments, only ConfigMaps in their
 * namespaces count, as istiod reads only its own. A document that cannot be
 * read is left out with a problem naming it.
 *
 * @public
 */
export function findMeshConfigInputs(
  objects: KubernetesObject[],
): MeshConfigInputs {
  const inputs: MeshConfigInputs = {
    configMaps: new Map(),
    sail: [],
    injectors: {},
    captureDefaults: {},
    problems: [],
  };
  const istiod = istiodNamespaces(objects);
  const configMaps = objects
    .filter(isCoreConfigMap)
    .filter(o => istiod.size === 0 || istiod.has(o.metadata.namespace ?? ''))
    .sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
  for (const object of configMaps) {
    const { name } = object.metadata;
    const data = configMapData(object);
    const source = `ConfigMap ${objectKey(object)}`;
    const injectorRevision = revisionOfName(name, INJECTOR_CONFIG_MAP);
    if (injectorRevision) {
      if (inputs.injectors[injectorRevision]) continue;
      inputs.injectors[injectorRevision] = parseInjectorConfigMap(object);
      inputs.captureDefaults[injectorRevision] = captureDefaultsOf(object);
      continue;
    }
    const revision = revisionOfName(name, MESH_CONFIG_MAP);
    if (!revision || typeof data.mesh !== 'string') continue;
    if (inputs.configMaps.has(revision)) continue;
    try {
      inputs.configMaps.set(revision, {
        source,
        kind: 'ConfigMap',
        object,
        revision,
        config: readConfigMapMesh(object, source),
      });
    } catch (error) {
      inputs.problems.push((error as Error).message);
    }
  }
  const istios = objects
    .filter(o => o.kind === 'Istio' && apiGroupOf(o.apiVersion) === SAIL_GROUP)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const object of istios) {
    const source = `Istio ${object.metadata.name}`;
    try {
      inputs.sail.push({
        source,
        kind: 'Istio',
        object,
        config: readSailMesh(object, source),
      });
    } catch (error) {
      inputs.problems.push((error as Error).message);
    }
  }
  return inputs;
}
