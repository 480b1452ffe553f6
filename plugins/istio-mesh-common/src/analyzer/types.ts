import { KubernetesObject } from '../resources/objects';
import { ManifestLocation } from '../resources/parseManifests';
import { MessageLevel } from './messageCatalog';
import { MeshConfig } from './meshConfig';
import type { ExplicitMeshSettings } from '../meshConfig/meshConfiguration';

/**
 * An object given to the analyzers, with where it came from.
 *
 * @public
 */
export interface AnalyzedObject {
  object: KubernetesObject;
  location?: ManifestLocation;
  /** Line of a field inside the object, for SARIF; absent when unknown. */
  lineOfPath?: (path: string) => number | undefined;
}

/**
 * A message of an analyzer about one resource, as `istioctl analyze` reports it.
 *
 * @public
 */
export interface AnalyzerMessage {
  code: string;
  level: MessageLevel;
  kind: string;
  /** Empty for cluster-scoped or namespace-less objects. */
  namespace: string;
  name: string;
  message: string;
  /** Field path inside the resource, e.g. `spec.http[0].route[0].destination.host`. */
  path: string;
  /** Name of the analyzer that reported it. */
  analyzer: string;
  location?: ManifestLocation;
  documentationUrl: string;
}

/**
 * What an analyzer sees and how it reports.
 *
 * @public
 */
export interface AnalyzerContext {
  meshConfig: MeshConfig;
  /** Mesh configuration set explicitly (flags, config keys). */
  meshSettings: ExplicitMeshSettings;
  /** Every object analyzed (system namespaces left out), in input order. */
  all(): AnalyzedObject[];
  /**
   * Objects of one kind. `group` is the API group (`''` for core,
   * `networking.istio.io`, `gateway.networking.k8s.io`, ...); any version.
   */
  list(group: string, kind: string): AnalyzedObject[];
  /** Reports a catalogue message about `target`; `args` fill its template. */
  report(
    code: string,
    target: AnalyzedObject,
    args: unknown[],
    path?: string,
  ): void;
}

/**
 * One analyzer, named and behaving as its `istioctl analyze` counterpart.
 *
 * @public
 */
export interface Analyzer {
  /** istioctl's name, e.g. `virtualservice.DestinationRuleAnalyzer`. */
  name: string;
  description: string;
  analyze(context: AnalyzerContext): void;
}
