import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, posix } from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { collectDesiredManifests } from '@istio-mesh/plugin-istio-mesh-common';
import { readBoundedFile } from '@istio-mesh/plugin-istio-mesh-node';
import {
  addKustomizationResources,
  newKustomization,
  normalizeResourceEntry,
} from '../kustomization/addKustomizationResources';
import { readWorkspaceFiles } from '../workspace/readWorkspaceFiles';
import { resolveWorkspacePath } from '../workspace/resolveWorkspacePath';
import { toWorkspaceRelative } from '../workspace/toWorkspaceRelative';
import { writeManifestFile } from '../workspace/writeManifestFile';
import { examples } from './kustomizationAdd.examples';

/** The file names kustomize looks for in a folder, in its order. */
const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The kustomization file that `path` (a folder or the file itself) names:
 * an existing one, or `kustomization.yaml` in that folder.
 */
async function locateKustomization(workspacePath: string, path: string) {
  const target = await resolveWorkspacePath(workspacePath, path, 'path');
  const found = await statOrUndefined(target);
  if (KUSTOMIZATION_FILE_NAMES.includes(basename(target))) {
    if (found?.isDirectory()) {
      throw new InputError(
        `Invalid path ${JSON.stringify(
          path,
        )}: it is a folder, not a kustomization file`,
      );
    }
    return { file: target, exists: found !== undefined };
  }
  if (
    found?.isFile() ||
    (!found && ['.yaml', '.yml'].includes(extname(target)))
  ) {
    throw new InputError(
      `Invalid path ${JSON.stringify(
        path,
      )}: give a folder or its kustomization.yaml`,
    );
  }
  const present = [];
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if ((await statOrUndefined(join(target, name)))?.isFile()) {
      present.push(name);
    }
  }
  if (present.length > 1) {
    throw new InputError(
      `Invalid path ${JSON.stringify(path)}: the folder holds ${present.join(
        ' and ',
      )}; kustomize accepts only one`,
    );
  }
  // The file in the folder may itself be a link: checked like the folder,
  // before it is read, so that nothing outside is read or echoed.
  const file = await resolveWorkspacePath(
    workspacePath,
    toWorkspaceRelative(
      workspacePath,
      join(target, present[0] ?? KUSTOMIZATION_FILE_NAMES[0]),
    ),
    'path',
  );
  return { file, exists: present.length === 1 };
}

function validateNamespace(namespace: string | undefined) {
  if (namespace === undefined) return;
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    throw new InputError(
      `Invalid namespace ${JSON.stringify(
        namespace,
      )}: a namespace is at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
}

/**
 * Checks each entry and returns them normalised, without duplicates. An
 * entry is relative to the kustomization's folder, as kustomize reads it,
 * and may climb out of it (`../base`) but not out of the workspace.
 */
async function validateResources(
  workspacePath: string,
  folder: string,
  resources: string[],
) {
  if (!Array.isArray(resources) || resources.length === 0) {
    throw new InputError('Invalid resources: list at least one file or folder');
  }
  const entries: string[] = [];
  const missing: string[] = [];
  for (const [index, entry] of resources.entries()) {
    const field = `resources[${index}]`;
    if (typeof entry === 'string' && entry.includes('://')) {
      throw new InputError(
        `Invalid ${field} ${JSON.stringify(
          entry,
        )}: remote resources are not supported; give a path relative to the kustomization's folder`,
      );
    }
    const target = await resolveWorkspacePath(workspacePath, entry, field, {
      from: folder,
    });
    if (target === folder) {
      throw new InputError(
        `Invalid ${field} ${JSON.stringify(
          entry,
        )}: it names the kustomization's own folder`,
      );
    }
    const normalized = normalizeResourceEntry(entry);
    if (!entries.includes(normalized)) entries.push(normalized);
    if (!(await statOrUndefined(target))) {
      missing.push(toWorkspaceRelative(workspacePath, target));
    }
  }
  return { entries, missing };
}

/**
 * The `files` input as `resources` entries of the kustomization in
 * `folder`: each file relative to that folder, unless a kustomization of
 * the repository lists it already (a file an earlier step merged into
 * rather than created), which is left where it is.
 */
async function entriesForFiles(
  workspacePath: string,
  folder: string,
  files: string[],
  log: (message: string) => void,
): Promise<string[]> {
  if (files.length === 0) return [];
  const listed = new Set(
    collectDesiredManifests(
      await readWorkspaceFiles(workspacePath),
    ).listedFiles,
  );
  const shownFolder = toWorkspaceRelative(workspacePath, folder);
  const entries: string[] = [];
  for (const [index, file] of files.entries()) {
    const absolute = await resolveWorkspacePath(
      workspacePath,
      file,
      `files[${index}]`,
    );
    const shown = toWorkspaceRelative(workspacePath, absolute);
    if (listed.has(shown)) {
      log(`${shown} is listed by a kustomization already; not listed again`);
      continue;
    }
    entries.push(posix.relative(shownFolder, shown));
  }
  return entries;
}

/**
 * The `istio:kustomization:add` action: lists files in a
 * `kustomization.yaml` so that Argo CD (or `kustomize build`) picks them up.
 *
 * @remarks
 * The file is edited in place: comments, key order and layout are kept, and
 * entries already listed are not added again, so a second run leaves the
 * file byte for byte as it was. A folder without a kustomization file gets a
 * new `kustomization.yaml`.
 *
 * @public
 */
export function createKustomizationAddAction() {
  return createTemplateAction({
    id: 'istio:kustomization:add',
    description:
      "Adds files to a kustomization's resources, creating kustomization.yaml when absent; keeps comments and order, and changes nothing when they are listed already",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .describe(
              'Folder of the kustomization, or its kustomization.yaml, relative to the workspace',
            ),
        resources: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "Files or folders to list, relative to the kustomization's folder (as kustomize reads them)",
            ),
        files: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "Files written by earlier steps, relative to the workspace (their path outputs): each is listed relative to the kustomization's folder, unless the repository's kustomizations apply it already (a step merged into an existing file)",
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              'Namespace set in a new kustomization.yaml; an existing one must set the same or none',
            ),
      },
      output: {
        path: z =>
          z
            .string()
            .describe('The kustomization file, relative to the workspace'),
        added: z =>
          z
            .array(z.string())
            .describe('Entries appended; empty when all were listed already'),
        status: z =>
          z
            .enum(['created', 'updated', 'unchanged'])
            .describe('What happened to the kustomization file'),
      },
    },
    async handler(ctx) {
      const { path, namespace } = ctx.input;
      validateNamespace(namespace);
      if (!ctx.input.resources?.length && !ctx.input.files?.length) {
        throw new InputError(
          'Invalid resources: list at least one file or folder',
        );
      }
      const { file, exists } = await locateKustomization(
        ctx.workspacePath,
        path,
      );
      const shown = toWorkspaceRelative(ctx.workspacePath, file);
      const resources = [
        ...(ctx.input.resources ?? []),
        ...(await entriesForFiles(
          ctx.workspacePath,
          dirname(file),
          ctx.input.files ?? [],
          message => ctx.logger.info(message),
        )),
      ];
      if (resources.length === 0) {
        ctx.logger.info(`${shown} left unchanged: nothing new to list`);
        ctx.output('path', shown);
        ctx.output('added', []);
        ctx.output('status', 'unchanged');
        return;
      }
      const { entries, missing } = await validateResources(
        ctx.workspacePath,
        dirname(file),
        resources,
      );
      for (const entry of missing) {
        ctx.logger.warn(
          `${entry} does not exist in the workspace yet; kustomize build fails until it does`,
        );
      }

      let text: string;
      let added: string[];
      if (exists) {
        const edit = addKustomizationResources(
          await readBoundedFile(file),
          shown,
          entries,
          { namespace },
        );
        if (namespace !== undefined && edit.namespace === undefined) {
          ctx.logger.warn(
            `${shown} sets no namespace; it was left so rather than move its other resources to ${namespace}`,
          );
        }
        text = edit.text;
        added = edit.added;
      } else {
        text = newKustomization(entries, namespace);
        added = entries;
      }

      let status: 'created' | 'updated' | 'unchanged' = 'unchanged';
      if (added.length > 0) {
        const written = await writeManifestFile({
          workspacePath: ctx.workspacePath,
          path: shown,
          content: text,
          overwrite: true,
          field: 'path',
        });
        status = written.status === 'created' ? 'created' : 'updated';
      }
      ctx.logger.info(
        added.length > 0
          ? `${
              status === 'created' ? 'Created' : 'Updated'
            } ${shown}: added ${added.join(', ')}`
          : `${shown} already lists ${entries.join(', ')}; left unchanged`,
      );
      ctx.output('path', shown);
      ctx.output('added', added);
      ctx.output('status', status);
    },
  });
}
