import { AnalyzerMessage } from '../analyzer/types';
import { ManifestProblem } from '../resources/parseManifests';
import { SourceState } from '../types/sources';
import { AuthorizationImpact } from '../resolution/authorizationImpact';

/**
 * A manifest file sent to `POST /v1/analyze`.
 *
 * @public
 */
export interface ManifestFile {
  /** Path in the repository, used in messages. */
  path: string;
  /** YAML or JSON text. */
  content: string;
}

/**
 * Body of `POST /v1/analyze`.
 *
 * @public
 */
export interface AnalyzeRequest {
  files: ManifestFile[];
  /**
   * Cluster whose live mesh the files are analyzed with. May be left out
   * when one cluster is configured.
   */
  cluster?: string;
}

/**
 * A reference of a sent object that `POST /v1/analyze` did not check,
 * because it leads into namespaces the caller may not read: the message it
 * would have given, "not found" or otherwise, is left out either way.
 *
 * @public
 */
export interface UncheckedReference {
  kind: string;
  namespace: string;
  name: string;
  /** The field holding the reference, e.g. `spec.gateways[0]`. */
  path: string;
  reason: string;
}

/**
 * Response of `POST /v1/analyze`: analyzer messages about the sent objects,
 * evaluated together with the live mesh of the cluster.
 *
 * @public
 */
export interface AnalyzeResponse {
  /** The cluster whose live mesh was used; absent when none was. */
  cluster?: string;
  messages: AnalyzerMessage[];
  /** Documents or objects of the files that could not be read. */
  problems: ManifestProblem[];
  /** For each added AuthorizationPolicy, the callers it would deny. */
  authorizationImpact: AuthorizationImpact[];
  /** Status of the sources the live mesh came from. */
  sources: SourceState[];
  /** References into namespaces the caller may not read, not checked. */
  notChecked?: UncheckedReference[];
}
