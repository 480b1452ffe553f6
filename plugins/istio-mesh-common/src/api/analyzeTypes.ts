import { AnalyzerMessage } from '../analyzer/types';
import { ManifestProblem } from '../resources/parseManifests';
import { SourceState } from '../types/sources';

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
 * Callers the live mesh lets in today that an added AuthorizationPolicy
 * would deny.
 *
 * @public
 */
export interface AuthorizationImpactEntry {
  /** The added policy, as `namespace/name`. */
  policy: string;
  /** Workloads it applies to, as `namespace/name`. */
  targets: string[];
  deniedCallers: Array<{
    namespace: string;
    serviceAccount: string;
    workloads: string[];
  }>;
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
  authorizationImpact: AuthorizationImpactEntry[];
  /** Status of the sources the live mesh came from. */
  sources: SourceState[];
}
