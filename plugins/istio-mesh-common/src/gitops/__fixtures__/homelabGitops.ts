// Test data for the GitOps criteria: the example homelab cluster, its Argo
// CD Applications (both in examples/cluster/homelab.yaml) and the example
// GitOps repository as the GitOps source would render it.
import { readdirSync, readFileSync } from 'fs';
import { join, resolve, sep } from 'path';
import { collectDesiredManifests } from '../../manifests/collectDesiredManifests';
import {
  isManifestCandidate,
  RepositoryFile,
} from '../../manifests/repositoryFile';
import { parseManifests } from '../../resources/parseManifests';
import { KubernetesObject } from '../../resources/objects';
import { evaluateWorkloads } from '../../report/workloadReports';
import { ClusterEvaluation } from '../../report/entityMeshState';
import { clusterGitopsInputs } from '../clusterGitopsInputs';
import { DesiredObject } from '../desiredState';
import { entityGitopsInput } from '../entityGitopsInput';

const examples = resolve(__dirname, '../../../../../examples');

const read = (file: string) =>
  parseManifests(readFileSync(file, 'utf8'), file).objects.map(o => o.object);

/** A deep copy, so that tests can change fixtures freely. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const listed = read(join(examples, 'cluster/homelab.yaml'));
const isApplication = (o: KubernetesObject) => o.kind === 'Application';
const snapshot = listed.filter(o => !isApplication(o));
const applications = listed.filter(isApplication);

/** An entry of an Application's `status.resources`, for tests to change. */
export type ManagedResourceFixture = Record<string, unknown> & {
  kind: string;
  name: string;
  health?: { status: string };
};

/** An Application as listed, typed as far as tests change it. */
export interface ApplicationFixture extends KubernetesObject {
  spec: { destination: Record<string, string> };
  status: {
    sync: { status: string };
    health: { status: string };
    resources: ManagedResourceFixture[];
  };
}

/** Every object of the example homelab cluster but its Applications. */
export function homelabObjects(): KubernetesObject[] {
  return copy(snapshot);
}

/**
 * The Argo CD Applications of the homelab cluster, as listed, changed by
 * `change` (by Application name) where given.
 */
export function homelabApplications(
  change: Record<string, (application: ApplicationFixture) => void> = {},
): ApplicationFixture[] {
  return (copy(applications) as ApplicationFixture[]).map(application => {
    change[application.metadata.name]?.(application);
    return application;
  });
}

/** Marks an Application Synced and Healthy, with every resource Healthy. */
export function settled(application: ApplicationFixture) {
  application.status.sync.status = 'Synced';
  application.status.health.status = 'Healthy';
  for (const resource of application.status.resources) {
    if (resource.health) resource.health = { status: 'Healthy' };
  }
}

/** The entry of an Application's `status.resources` for a kind and name. */
export function managedResource(
  application: ApplicationFixture,
  kind: string,
  name: string,
): ManagedResourceFixture {
  const found = application.status.resources.find(
    r => r.kind === kind && r.name === name,
  );
  if (!found) throw new Error(`no ${kind} ${name} in the Application`);
  return found;
}

/** A cluster evaluated from objects, with its GitOps inputs. */
export function clusterOf(
  cluster: string,
  objects: KubernetesObject[],
  argoInstalled: boolean | undefined,
): ClusterEvaluation {
  const { argo, meshResources } = clusterGitopsInputs(
    objects,
    cluster,
    argoInstalled,
  );
  return {
    cluster,
    workloads: evaluateWorkloads(objects, { cluster }),
    ...(argo ? { argo } : {}),
    meshResources,
  };
}

// The example GitOps repository as the GitOps source reads it.
const gitops = join(examples, 'gitops');
const gitopsFiles: RepositoryFile[] = readdirSync(gitops, { recursive: true })
  .map(path => String(path).split(sep).join('/'))
  .filter(isManifestCandidate)
  .map(path => ({ path, content: readFileSync(join(gitops, path), 'utf8') }));

/** The folders of the example GitOps repository that hold Istio configuration. */
const ISTIO_FOLDERS = [
  'apps/base/online-boutique/base/istio/',
  'infrastructure/network/istio-control-plane/',
];

/**
 * The Istio configuration of the example GitOps repository, as the GitOps
 * source renders it: the online-boutique base in namespace `boutique-dev`
 * (its dev overlay's namespace) and the mesh-wide control-plane objects.
 */
export function homelabDesired(cluster?: string): DesiredObject[] {
  return collectDesiredManifests(gitopsFiles)
    .manifests.filter(({ file }) =>
      ISTIO_FOLDERS.some(folder => file.startsWith(folder)),
    )
    .map(({ object, file }) => ({
      object,
      file,
      source: 'gitops:homelab',
      ...(cluster ? { cluster } : {}),
    }));
}

/** What the GitOps criteria read for the workloads labelled `app=<app>`. */
export function gitopsInputFor(
  app: string,
  clusters: ClusterEvaluation[],
  options: {
    desired?: DesiredObject[];
    clusterUrls?: Record<string, string>;
  } = {},
) {
  return entityGitopsInput({
    clusters,
    workloads: clusters.flatMap(c =>
      c.workloads
        .filter(w => w.workload.labels.app === app)
        .map(w => ({ cluster: c.cluster, report: w.report })),
    ),
    ...options,
  });
}
