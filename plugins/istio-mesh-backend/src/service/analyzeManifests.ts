import { InputError } from '@backstage/errors';
import {
  AnalyzeRequest,
  AnalyzeResponse,
  analyzeInContext,
  authorizationImpact,
  KubernetesObject,
  parseManifests,
  ParsedObject,
  SourceState,
} from '@istio-mesh/plugin-istio-mesh-common';

/** A cluster's live objects, as the last read of the sources left them. */
export interface LiveMesh {
  cluster: string;
  objects: KubernetesObject[];
}

/** The live meshes at hand, and the status of every source. */
export interface LiveMeshes {
  meshes: LiveMesh[];
  sources: SourceState[];
  /** Every configured cluster, whether it could be read or not. */
  clusters: string[];
}

/** Where {@link analyzeManifests} gets the live mesh from. */
export interface LiveMeshProvider {
  /**
   * Clusters with live objects, and the status of every source; waits at
   * most `waitMs` for data that is not at hand.
   */
  liveMeshes(options?: { waitMs?: number }): Promise<LiveMeshes>;
}

/**
 * `POST /v1/analyze`: the sent manifests analyzed with the live mesh of the
 * requested cluster (or of the only cluster). Without live data the files are
 * analyzed on their own, and the sources say why.
 */
export async function analyzeManifests(
  request: AnalyzeRequest,
  provider: LiveMeshProvider,
  options: { rootNamespace?: string } = {},
): Promise<AnalyzeResponse> {
  const { meshes, sources } = await provider.liveMeshes();
  let live: LiveMesh | undefined;
  if (request.cluster) {
    live = meshes.find(mesh => mesh.cluster === request.cluster);
    if (!live && !sources.some(s => s.id.endsWith(`:${request.cluster}`))) {
      throw new InputError(
        `cluster: no cluster named "${request.cluster}" is configured`,
      );
    }
  } else if (meshes.length === 1) {
    live = meshes[0];
  }

  const analyzed: ParsedObject[] = [];
  const problems = [];
  for (const file of request.files) {
    const parsed = parseManifests(file.content, file.path);
    analyzed.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  const messages = analyzeInContext({
    analyzed,
    problems,
    context: live?.objects ?? [],
  });
  const policies = analyzed
    .map(entry => entry.object)
    .filter(object => object.kind === 'AuthorizationPolicy');
  return {
    ...(live ? { cluster: live.cluster } : {}),
    messages,
    problems,
    authorizationImpact:
      live && policies.length > 0
        ? authorizationImpact(live.objects, policies, {
            rootNamespace: options.rootNamespace,
          })
        : [],
    sources,
  };
}
