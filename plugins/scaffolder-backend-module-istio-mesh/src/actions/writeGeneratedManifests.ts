import { InputError } from '@backstage/errors';
import {
  ActionContext,
  TemplateActionOptions,
} from '@backstage/plugin-scaffolder-node';
import {
  KubernetesObject,
  RepositoryFile,
  templateNameFromEntityRef,
} from '@istio-mesh/plugin-istio-mesh-common';
import { renderManifests } from '@istio-mesh/plugin-istio-mesh-common/validation';
import { placeInKustomizations } from '../manifests/placeInKustomizations';
import { reviewDiff } from '../merge/reviewDiff';
import { readWorkspaceFiles } from '../workspace/readWorkspaceFiles';
import { writeManifestFile } from '../workspace/writeManifestFile';
import { stepRefusal } from './stepRefusal';

/**
 * Descriptions of the object inputs every `istio:*:create` action takes,
 * shown in the scaffolder's action list.
 */
export const MANIFEST_INPUT_DESCRIPTIONS = {
  name: 'metadata.name of the object: a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")',
  namespace:
    'metadata.namespace: a DNS-1123 label. Leave it out in a GitOps base folder whose kustomization sets the namespace',
};

/** The zod the scaffolder hands to an action's schema callbacks. */
type ScaffolderZod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/**
 * The `name` and `namespace` inputs of the `istio:*:create` actions whose
 * object takes both as they are, to spread into the start of `schema.input`.
 */
export const manifestObjectInput = {
  name: (z: ScaffolderZod) =>
    z.string().describe(MANIFEST_INPUT_DESCRIPTIONS.name),
  namespace: (z: ScaffolderZod) =>
    z.string().optional().describe(MANIFEST_INPUT_DESCRIPTIONS.namespace),
};

/**
 * The file inputs every `istio:*:create` action takes, to spread into its
 * `schema.input`.
 */
export const manifestFileInput = {
  path: (z: ScaffolderZod) =>
    z
      .string()
      .optional()
      .describe(
        'File to write, relative to the workspace, ending in .yaml (e.g. apps/base/online-boutique/base/istio/virtualservice-canary.yaml); default <kind>-<name>.yaml at the workspace root',
      ),
  overwrite: (z: ScaffolderZod) =>
    z
      .boolean()
      .optional()
      .describe(
        'Replace the file when it exists with different content; default false, which fails instead. The same content is never an error',
      ),
  template: (z: ScaffolderZod) =>
    z
      .string()
      .optional()
      .describe(
        'Template name for the istio-mesh.backstage.io/template provenance label; default the name of the running template',
      ),
};

/**
 * The outputs every `istio:*:create` action gives, to spread into its
 * `schema.output`.
 */
export const manifestFileOutput = {
  path: (z: ScaffolderZod) =>
    z.string().describe('The file written, relative to the workspace'),
  status: (z: ScaffolderZod) =>
    z
      .enum(['created', 'overwritten', 'updated', 'unchanged'])
      .describe(
        'created, overwritten, updated (merged into an object the file already held), or unchanged when the file already held this manifest',
      ),
  manifest: (z: ScaffolderZod) =>
    z
      .string()
      .describe(
        'The YAML of the object(s) written, for review in the pull request description',
      ),
  diff: (z: ScaffolderZod) =>
    z
      .string()
      .describe(
        'Unified diff of the file, for the review step; empty when unchanged',
      ),
};

/** The values of {@link manifestFileInput} in an action's input. */
export interface ManifestFileInputValues {
  path?: string;
  overwrite?: boolean;
  template?: string;
}

/** What {@link writeGeneratedManifests} wrote. */
export interface WrittenManifests {
  /** The file, relative to the workspace. */
  path: string;
  status: 'created' | 'overwritten' | 'updated' | 'unchanged';
  /** The YAML written. */
  manifest: string;
  /** The unified diff of the file; empty when unchanged. */
  diff: string;
  /**
   * The namespace left to the kustomizations that build the file's folder,
   * when the objects were written without it.
   */
  namespaceFromKustomization?: string;
}

/** The parts of an action's context the manifest writing uses. */
export type ManifestActionContext = Pick<
  ActionContext<any, any>,
  'workspacePath' | 'logger' | 'isDryRun' | 'templateInfo' | 'output' | 'step'
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
 * deterministically and writes them to one file in the workspace, by
 * default `<kind>-<name>.yaml` of the first object; never replaces a
 * different file unless `overwrite` is set. Where every kustomization that
 * builds the file's folder sets the objects' namespace (a GitOps base and
 * its overlays), the objects are written without it, so that a second
 * overlay puts them in its own; where none sets the objects' namespace,
 * the run is refused. Emits the `path`, `status`, `manifest` and `diff`
 * outputs and returns them.
 */
export async function writeGeneratedManifests(
  ctx: ManifestActionContext,
  options: {
    objects: KubernetesObject[];
    path: string | undefined;
    overwrite: boolean | undefined;
    /** The workspace's files, when the caller read them already. */
    files?: RepositoryFile[];
  },
): Promise<WrittenManifests> {
  const [first] = options.objects;
  const path =
    options.path ?? `${first.kind.toLowerCase()}-${first.metadata.name}.yaml`;
  if (!/\.ya?ml$/.test(path)) {
    throw new InputError(
      `Invalid path ${JSON.stringify(path)}: a manifest file ends in .yaml`,
    );
  }
  const files = options.files ?? (await readWorkspaceFiles(ctx.workspacePath));
  const placed = placeInKustomizations(files, path, options.objects);
  if (placed.refusal) throw stepRefusal(ctx, placed.refusal);
  const manifest = renderManifests(placed.objects);
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
  if (placed.namespace) {
    ctx.logger.info(`${written.path} carries no namespace: ${placed.note}`);
  }
  // The files were read before writing: they hold the file as it was.
  const before = files.find(file => file.path === written.path)?.content;
  const diff =
    written.status === 'unchanged'
      ? ''
      : reviewDiff(written.path, before, manifest);
  ctx.output('path', written.path);
  ctx.output('status', written.status);
  ctx.output('manifest', manifest);
  ctx.output('diff', diff);
  return {
    ...written,
    manifest,
    diff,
    ...(placed.namespace
      ? { namespaceFromKustomization: placed.namespace }
      : {}),
  };
}

/**
 * The common part of an `istio:*:create` handler: builds the objects from
 * the action's input, less the file inputs and with the provenance template
 * filled in, and writes them with {@link writeGeneratedManifests}.
 */
export async function buildAndWriteManifests<
  Input extends ManifestFileInputValues,
  Built extends KubernetesObject | KubernetesObject[],
>(
  ctx: ManifestActionContext & { input: Input },
  build: (
    input: Omit<Input, keyof ManifestFileInputValues> & {
      template: string | undefined;
    },
  ) => Built,
): Promise<{ built: Built; written: WrittenManifests }> {
  const { path, overwrite, template, ...input } = ctx.input;
  const built = build({
    ...input,
    template: provenanceTemplate(ctx, template),
  });
  const written = await writeGeneratedManifests(ctx, {
    objects: Array.isArray(built) ? built : [built],
    path,
    overwrite,
  });
  return { built, written };
}
