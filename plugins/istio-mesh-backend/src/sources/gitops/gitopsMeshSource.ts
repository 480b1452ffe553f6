import { DesiredStateMeshSource } from '@istio-mesh/plugin-istio-mesh-node';
import { GitopsSourceConfig } from './gitopsConfig';
import { GitopsSourceDeps, readGitopsSource } from './readGitopsSource';

/**
 * A folder or repository of desired manifests, as a mesh source
 * (`gitops:<name>`); its objects are the desired state of `cluster`, or of
 * every cluster.
 */
export function gitopsMeshSource(
  source: GitopsSourceConfig,
  deps: Omit<GitopsSourceDeps, 'signal'>,
): DesiredStateMeshSource {
  return {
    id: `gitops:${source.name}`,
    type: 'gitops',
    provides: 'desired',
    label: `GitOps source ${source.name}`,
    async read({ signal }) {
      const result = await readGitopsSource(source, { ...deps, signal });
      return {
        state: result.source,
        data: {
          objects: result.objects.map(manifest => ({
            object: manifest.object,
            file: manifest.file,
            source: result.source.id,
            ...(source.cluster ? { cluster: source.cluster } : {}),
          })),
        },
      };
    },
  };
}
