import { InputError } from '@backstage/errors';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  KubernetesObject,
  renderManifests,
  templateNameFromEntityRef,
} from '@istio-mesh/plugin-istio-mesh-common';
import { writeManifestFile } from '../workspace/writeManifestFile';

/**
 * Descriptions of the inputs every `istio:*:create` action takes, shown in
 * the scaffolder's action list.
 */
export const MANIFEST_INPUT_DESCRIPTIONS = {
  name: 'metadata.name of the object: a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
  namespace:
    'metadata.namespace: a DNS-1123 label. Leave it out in a GitOps base folder whose kustomization sets the namespace',
  path: 'File to write, relative to the workspace, ending in .yaml (e.g. apps/base/online-boutique/base/istio/virtualservice-canary.yaml); default <kind>-<name>.yaml at the workspace root',
  overwrite:
    'Replace the file when it exists with different content; default false, which fails instead. The same content is never an error',
  template:
    'Template name for the istio-mesh.backstage.io/template provenance label; default the name of the running template',
};

/** Descriptions of the outputs every `istio:*:create` action gives. */
export const MANIFEST_OUTPUT_DESCRIPTIONS = {
  path: 'The file written, relative to the workspace',
  status:
    'created, overwritten, or unchanged when the file already held this manifest',
  manifest: 'The YAML written, for review in the pull request description',
};

/** The parts of an action's context the manifest writing uses. */
export type ManifestActionContext = Pick<
  ActionContext<any, any>,
  'workspacePath' | 'logger' | 'isDryRun' | 'templateInfo' | 'output'
>;

/**
 * The template named in the provenance label: the `template` input, else
 * the name of the template the task runs.
 */
export function provenanceTemplate(
  ctx: Pick<ActionContext<any, any>, 'templateInfo'>,
  template: string | undefined,
): string | undefined {
  return template || templateNameFromEntityRef(ctx.templateInfo?.entityRef);
}

function describeObject(object: KubernetesObject) {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * Checks built objects against their schemas, serialises them
 * deterministically and writes them to one file in the workspace; never
 * replaces a different file unless `overwrite` is set. Emits the `path`,
 * `status` and `manifest` outputs and returns them.
 */
export async function writeGeneratedManifests(
  ctx: ManifestActionContext,
  options: {
    objects: KubernetesObject[];
    path: string | undefined;
    defaultPath: string;
    overwrite: boolean | undefined;
  },
): Promise<{
  path: string;
  status: 'created' | 'overwritten' | 'unchanged';
  manifest: string;
}> {
  const path = options.path ?? options.defaultPath;
  if (!/\.ya?ml$/.test(path)) {
    throw new InputError(
      `Invalid path ${JSON.stringify(path)}: a manifest file ends in .yaml`,
    );
  }
  const manifest = renderManifests(options.objects);
  const written = await writeManifestFile({
    workspacePath: ctx.workspacePath,
    path,
    content: manifest,
    overwrite: options.overwrite ?? false,
    field: 'path',
  });
  const what = options.objects.map(describeObject).join(', ');
  const dryRun = ctx.isDryRun ? ' (dry run)' : '';
  ctx.logger.info(
    written.status === 'unchanged'
      ? `${written.path} already holds ${what}; left unchanged${dryRun}`
      : `${written.status === 'created' ? 'Wrote' : 'Replaced'} ${
          written.path
        }: ${what}${dryRun}`,
  );
  ctx.output('path', written.path);
  ctx.output('status', written.status);
  ctx.output('manifest', manifest);
  return { ...written, manifest };
}
