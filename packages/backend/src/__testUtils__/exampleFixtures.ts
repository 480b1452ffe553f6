import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import {
  collectDesiredManifests,
  isManifestCandidate,
  KubernetesObject,
  ParsedObject,
} from '@istio-mesh/plugin-istio-mesh-common';
import { parse } from 'yaml';

/** The repository's `examples/` folder. */
export const EXAMPLES = join(__dirname, '../../../../examples');

/** A file as the scaffolder's dry-run API sends and returns it. */
export interface DryRunFile {
  path: string;
  base64Content: string;
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? listFiles(join(folder, entry.name))
      : [join(folder, entry.name)],
  );
}

/**
 * The example GitOps repository as dry-run `directoryContents`, under
 * `prefix/` (the folder a template's `fetch:plain` then reads as `./prefix`).
 */
export function exampleGitopsContents(prefix: string): DryRunFile[] {
  const root = join(EXAMPLES, 'gitops');
  return listFiles(root).map(file => ({
    path: posix.join(prefix, relative(root, file).split(sep).join('/')),
    base64Content: readFileSync(file).toString('base64'),
  }));
}

/**
 * The example cluster snapshot after a second version of some Deployments
 * rolled out: for each service, a copy of its Deployment, ReplicaSet and Pods
 * named `<name>-<version>` whose pods carry `version: <version>`, as a canary
 * Deployment would before traffic is shifted to it.
 */
export function snapshotWithVersion(
  services: string[],
  version: string,
): string {
  const snapshot = parse(
    readFileSync(join(EXAMPLES, 'cluster/homelab.yaml'), 'utf8'),
  ) as { items: KubernetesObject[] };
  const relabel = (labels: Record<string, string> = {}) => ({
    ...labels,
    version,
    ...(labels['service.istio.io/canonical-revision']
      ? { 'service.istio.io/canonical-revision': version }
      : {}),
  });
  const copies = snapshot.items.flatMap(item => {
    const app = item.metadata.labels?.app;
    if (
      !app ||
      !services.includes(app) ||
      !['Deployment', 'ReplicaSet', 'Pod'].includes(item.kind)
    ) {
      return [];
    }
    const rename = (name: string) => name.replace(app, `${app}-${version}`);
    const copy = structuredClone(item);
    copy.metadata = {
      ...copy.metadata,
      name: rename(item.metadata.name),
      uid: `${item.metadata.uid}-${version}`,
      labels: relabel(item.metadata.labels),
      ownerReferences: item.metadata.ownerReferences?.map(owner => ({
        ...owner,
        name: rename(owner.name),
        uid: `${owner.uid}-${version}`,
      })),
    };
    const spec = copy.spec as
      | {
          selector: { matchLabels: Record<string, string> };
          template: { metadata: { labels: Record<string, string> } };
        }
      | undefined;
    if (spec?.template) {
      spec.selector.matchLabels = relabel(spec.selector.matchLabels);
      spec.template.metadata.labels = relabel(spec.template.metadata.labels);
    }
    return [copy];
  });
  return JSON.stringify({ ...snapshot, items: [...snapshot.items, ...copies] });
}

/**
 * The objects of a GitOps repository as Argo CD would apply them, to the
 * extent the analyzers need: what common's reader renders of its
 * kustomizations, with the namespaces kustomize sets, then its other
 * manifests; kustomization files are not objects.
 */
export function deployedObjects(files: Map<string, string>): ParsedObject[] {
  const { manifests } = collectDesiredManifests(
    [...files]
      .filter(([path]) => isManifestCandidate(path))
      .map(([path, content]) => ({ path, content })),
  );
  return manifests.map(({ object, file, line }) => ({
    object,
    location: { file, ...(line ? { line } : {}) },
  }));
}
