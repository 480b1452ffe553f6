import { DEFAULT_MESH_CONFIG, MeshConfig } from '../analyzer/meshConfig';
import { InjectorConfig } from '../resolution/enrollment';
import { KubernetesObject } from '../resources/objects';
import {
  findMeshConfigInputs,
  InjectorCaptureDefaults,
  MeshConfigDocument,
  MeshConfigInputs,
} from './meshConfigInputs';

/**
 * A value set outside the inputs, with the setting that set it, e.g.
 * `{ value: 'mesh-root', setting: '--root-namespace' }`.
 *
 * @public
 */
export interface ExplicitMeshSetting<T> {
  value: T;
  /** The flag or config key, for messages: `istioMesh.rootNamespace`. */
  setting: string;
}

/**
 * Mesh configuration given explicitly (config keys, command-line flags).
 * Each wins over what the inputs say.
 *
 * @public
 */
export interface ExplicitMeshSettings {
  rootNamespace?: ExplicitMeshSetting<string>;
  trustDomain?: ExplicitMeshSetting<string>;
  trustDomainAliases?: ExplicitMeshSetting<string[]>;
  extensionProviders?: ExplicitMeshSetting<string[]>;
}

/**
 * The mesh configuration one control-plane revision applies.
 *
 * @public
 */
export interface ResolvedMeshConfig extends MeshConfig {
  /**
   * The document it was read from (`ConfigMap istio-system/istio`,
   * `Istio default`), or `Istio's defaults`.
   */
  source: string;
  /**
   * Whether the extension providers are known (a document was read, or
   * they were set explicitly). Without them, a CUSTOM policy's provider
   * cannot be said to be missing.
   */
  extensionProvidersKnown: boolean;
}

/**
 * The mesh configuration as reports show it: the values the mesh-level
 * (default) revision uses, where each came from, and every disagreement.
 *
 * @public
 */
export interface MeshConfigSummary {
  rootNamespace: string;
  trustDomain: string;
  trustDomainAliases: string[];
  enableAutoMtls: boolean;
  extensionProviders: string[];
  /** The document the values were read from, or `Istio's defaults`. */
  source: string;
  /** Values set explicitly, by field, with the setting that set them. */
  explicit: Record<string, string>;
  /** Revisions that have a MeshConfig document of their own, with its source. */
  revisions: Record<string, string>;
  /**
   * Disagreements: an explicit setting that differs from the inputs, or
   * revisions whose configuration differs from the mesh-level one.
   */
  conflicts: string[];
  /** Documents that could not be read. */
  problems: string[];
}

/**
 * The mesh configuration of a set of objects, resolved with this precedence,
 * first wins: the explicit setting, the ConfigMap of the workload's revision,
 * the `istio` ConfigMap, the Sail Operator `Istio` resource, Istio's defaults.
 *
 * @public
 */
export interface MeshConfiguration {
  /** The configuration of the default revision (mesh-level). */
  mesh: ResolvedMeshConfig;
  /** The configuration of a revision (or tag already resolved to one). */
  forRevision(revision: string | undefined): ResolvedMeshConfig;
  /** Injector configuration by revision; absent revisions use Istio's defaults. */
  injectors: Record<string, InjectorConfig>;
  /** The injector's inbound capture defaults of a revision. */
  captureDefaults(revision: string | undefined): InjectorCaptureDefaults;
  summary: MeshConfigSummary;
  /**
   * The root namespace set explicitly that disagrees with the inputs, with
   * the documents it disagrees with (for the ISM0003 finding).
   */
  rootNamespaceConflicts: Array<{
    setting: string;
    value: string;
    document: MeshConfigDocument;
  }>;
}

const DEFAULT_SOURCE = "Istio's defaults";

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

const SUMMARY_FIELDS = [
  'rootNamespace',
  'trustDomain',
  'trustDomainAliases',
  'enableAutoMtls',
  'extensionProviders',
] as const;
type SummaryField = (typeof SUMMARY_FIELDS)[number];

function equalField(a: MeshConfig, b: MeshConfig, field: SummaryField) {
  const x = a[field];
  const y = b[field];
  return Array.isArray(x) && Array.isArray(y) ? sameList(x, y) : x === y;
}

const show = (value: unknown) =>
  Array.isArray(value) ? `[${value.join(', ')}]` : String(value);

function applyExplicit(
  config: MeshConfig,
  explicit: ExplicitMeshSettings,
): MeshConfig {
  return {
    ...config,
    ...(explicit.rootNamespace
      ? { rootNamespace: explicit.rootNamespace.value }
      : {}),
    ...(explicit.trustDomain
      ? { trustDomain: explicit.trustDomain.value }
      : {}),
    ...(explicit.trustDomainAliases
      ? { trustDomainAliases: explicit.trustDomainAliases.value }
      : {}),
    ...(explicit.extensionProviders
      ? { extensionProviders: explicit.extensionProviders.value }
      : {}),
  };
}

/** The document a revision reads, in precedence order, or undefined. */
function documentFor(
  inputs: MeshConfigInputs,
  revision: string | undefined,
): MeshConfigDocument | undefined {
  return (
    (revision ? inputs.configMaps.get(revision) : undefined) ??
    inputs.configMaps.get('default') ??
    inputs.sail[0]
  );
}

/**
 * The revision whose document stands for the whole mesh: the default
 * revision's `istio` ConfigMap, else the only revision with a ConfigMap,
 * else none (the Sail resource or the defaults).
 */
function meshRevision(inputs: MeshConfigInputs): string | undefined {
  if (inputs.configMaps.has('default')) return 'default';
  const revisions = [...inputs.configMaps.keys()].sort();
  return revisions[0];
}

/**
 * Resolves the mesh configuration that lives in objects (SEMANTICS §7,
 * "Mesh configuration that lives in the cluster"): each revision reads its
 * own `istio-<revision>` ConfigMap, else the `istio` ConfigMap, else the
 * Sail Operator `Istio` resource's `spec.values.meshConfig`, else Istio's
 * defaults; the document read is used whole, its unset fields taking
 * Istio's defaults, as istiod does. Explicit settings win over every
 * document, and each disagreement with an input document is reported.
 *
 * @public
 */
export function resolveMeshConfiguration(
  objects: KubernetesObject[],
  explicit: ExplicitMeshSettings = {},
): MeshConfiguration {
  const inputs = findMeshConfigInputs(objects);
  const cache = new Map<string, ResolvedMeshConfig>();
  const forRevision = (revision: string | undefined): ResolvedMeshConfig => {
    const key = revision ?? '';
    let resolved = cache.get(key);
    if (!resolved) {
      const document = documentFor(inputs, revision);
      resolved = {
        ...applyExplicit(document?.config ?? DEFAULT_MESH_CONFIG, explicit),
        source: document?.source ?? DEFAULT_SOURCE,
        extensionProvidersKnown:
          document !== undefined || explicit.extensionProviders !== undefined,
      };
      cache.set(key, resolved);
    }
    return resolved;
  };

  const primary = meshRevision(inputs);
  const mesh = forRevision(primary);
  const documents = [...inputs.configMaps.values(), ...inputs.sail];

  const conflicts: string[] = [];
  const rootNamespaceConflicts: MeshConfiguration['rootNamespaceConflicts'] =
    [];
  for (const field of SUMMARY_FIELDS) {
    const setting = explicit[field as keyof ExplicitMeshSettings];
    if (!setting) continue;
    for (const document of documents) {
      const written = document.config[field];
      const differs = Array.isArray(written)
        ? !sameList(written, setting.value as string[])
        : written !== setting.value;
      if (!differs) continue;
      conflicts.push(
        `${setting.setting} ${show(setting.value)} disagrees with ${
          document.source
        } (${field}: ${show(written)}); ${show(setting.value)} is used`,
      );
      if (field === 'rootNamespace') {
        rootNamespaceConflicts.push({
          setting: setting.setting,
          value: setting.value as string,
          document,
        });
      }
    }
  }
  for (const [revision, document] of [...inputs.configMaps].sort()) {
    if (revision === primary) continue;
    const own = forRevision(revision);
    const differing = SUMMARY_FIELDS.filter(f => !equalField(own, mesh, f));
    if (differing.length === 0) continue;
    conflicts.push(
      `revision ${revision} reads ${document.source}, which differs from ${
        mesh.source
      } in ${differing
        .map(f => `${f} (${show(own[f])} instead of ${show(mesh[f])})`)
        .join(', ')}`,
    );
  }

  const explicitSources = Object.fromEntries(
    Object.entries(explicit)
      .filter(([, setting]) => setting)
      .map(([field, setting]) => [
        field,
        (setting as ExplicitMeshSetting<unknown>).setting,
      ]),
  );
  const summary: MeshConfigSummary = {
    rootNamespace: mesh.rootNamespace,
    trustDomain: mesh.trustDomain,
    trustDomainAliases: mesh.trustDomainAliases,
    enableAutoMtls: mesh.enableAutoMtls,
    extensionProviders: mesh.extensionProviders,
    source: mesh.source,
    explicit: explicitSources,
    revisions: Object.fromEntries(
      [...inputs.configMaps]
        .sort()
        .map(([revision, d]) => [revision, d.source]),
    ),
    conflicts,
    problems: inputs.problems,
  };

  return {
    mesh,
    forRevision,
    injectors: inputs.injectors,
    captureDefaults: revision =>
      (revision ? inputs.captureDefaults[revision] : undefined) ??
      inputs.captureDefaults.default ??
      {},
    summary,
    rootNamespaceConflicts,
  };
}
