import { posix } from 'path';
import { ManifestProblem } from '@istio-mesh/plugin-istio-mesh-common';
import {
  DesiredManifest,
  parseDesiredManifests,
} from './parseDesiredManifests';
import { renderKustomizations } from './renderKustomizations';
import { RepositoryFile } from './repositoryFile';

/** Everything a repository declares, and what could not be read of it. */
export interface CollectedDesiredManifests {
  manifests: DesiredManifest[];
  problems: ManifestProblem[];
}

/** Identity of an object as Kubernetes sees it: group, kind, namespace, name. */
function identityOf({ object }: DesiredManifest): string {
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  return [
    group,
    object.kind,
    object.metadata.namespace ?? '',
    object.metadata.name,
  ].join('|');
}

/** `Chart.yaml` files: their folders hold templates, not YAML. */
function helmCharts(files: RepositoryFile[]): string[] {
  return files
    .map(file => file.path)
    .filter(path => posix.basename(path) === 'Chart.yaml');
}

/**
 * The desired state of a repository: first what its kustomizations render
 * (see {@link renderKustomizations}), then every YAML or JSON file no
 * kustomization accounts for, read as plain manifests in path order.
 * Kustomization files are not objects; documents without `apiVersion` and
 * `kind` are skipped silently; Helm charts (folders with `Chart.yaml`) are
 * not rendered, their files are not read, and each gives a problem. An object reached twice (same
 * API group, kind, namespace and name) is kept once, as first reached.
 *
 * Pure: no IO; the files are read by the caller.
 */
export function collectDesiredManifests(
  files: RepositoryFile[],
): CollectedDesiredManifests {
  const sorted = [...files].sort((a, b) =>
    a.path < b.path ? -1 : Number(a.path > b.path),
  );
  const charts = helmCharts(sorted);
  const chartFolders = charts.map(chart =>
    posix.dirname(chart) === '.' ? '' : `${posix.dirname(chart)}/`,
  );
  const readable = sorted.filter(
    file => !chartFolders.some(folder => file.path.startsWith(folder)),
  );

  const rendered = renderKustomizations(readable, parseDesiredManifests);
  const problems: ManifestProblem[] = [
    ...charts.map(file => ({
      file,
      message: 'Helm chart not rendered (not supported)',
    })),
    ...rendered.problems,
  ];
  const manifests = [...rendered.manifests];
  for (const file of readable) {
    if (rendered.claimedFiles.has(file.path)) continue;
    const plain = parseDesiredManifests(file);
    manifests.push(...plain.manifests);
    problems.push(...plain.problems);
  }

  const seen = new Set<string>();
  return {
    manifests: manifests.filter(manifest => {
      const identity = identityOf(manifest);
      if (seen.has(identity)) return false;
      seen.add(identity);
      return true;
    }),
    problems,
  };
}
