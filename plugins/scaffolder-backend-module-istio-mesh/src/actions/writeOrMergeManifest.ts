import { readFile } from 'node:fs/promises';
import {
  assertManifestSchema,
  KubernetesObject,
  ParsedObject,
} from '@istio-mesh/plugin-istio-mesh-common';
import { parse } from 'yaml';
import { collectWorkspaceManifests } from '../manifests/collectWorkspaceManifests';
import { editYamlObject } from '../merge/editYamlObject';
import { MergePlan } from '../merge/mergePlan';
import { reviewDiff } from '../merge/reviewDiff';
import { readWorkspaceFiles } from '../workspace/readWorkspaceFiles';
import { resolveWorkspacePath } from '../workspace/resolveWorkspacePath';
import { writeManifestFile } from '../workspace/writeManifestFile';
import { stepRefusal } from './stepRefusal';
import {
  ManifestActionContext,
  manifestFileOutput,
  writeGeneratedManifests,
  WrittenManifests,
} from './writeGeneratedManifests';

/** How an `istio:*:create` action finds and merges into an existing object. */
export interface MergeRules {
  /** What one object should hold, in words: `DestinationRule for host cartservice in boutique-dev`. */
  subject: string;
  /**
   * Why one object, for the review and for refusals: what istiod does with
   * two of them.
   */
  why: string;
  /** Says what istiod does with the objects found, when there are several. */
  describeSeveral?(found: ParsedObject[]): string;
  /** The repository's objects the built one belongs in. */
  find(objects: ParsedObject[]): ParsedObject[];
  /** How the built object's settings go into an existing one. */
  plan(existing: KubernetesObject): MergePlan;
}

/** What {@link writeOrMergeManifest} did. */
export interface WrittenOrMerged extends WrittenManifests {
  /** The object's name: the built one's, or the existing one's merged into. */
  name: string;
  /** Each change made to an existing object, in plain words. */
  changes: string[];
  /** The object as the file now holds it. */
  object: KubernetesObject;
}

/** The zod the scaffolder hands to an action's schema callbacks. */
type ScaffolderZod = Parameters<typeof manifestFileOutput.path>[0];

/**
 * The outputs {@link writeOrMergeManifest} adds to those of every
 * `istio:*:create` action, to spread into its `schema.output`.
 */
export const mergeOutput = {
  name: (z: ScaffolderZod) =>
    z
      .string()
      .describe(
        'metadata.name of the object written, or of the existing object merged into',
      ),
  changes: (z: ScaffolderZod) =>
    z
      .array(z.string())
      .describe(
        'What was added to or replaced in an existing object, one line each; empty for a new file',
      ),
};

const where = ({ location }: ParsedObject) =>
  `${location.file}${location.line ? `:${location.line}` : ''}`;

const nameOf = ({ object }: ParsedObject) =>
  `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`;

/**
 * Writes a built object as {@link writeGeneratedManifests} does, unless the
 * repository already holds the object it belongs in (a DestinationRule for
 * the same host and namespace, say): then the built object's settings are
 * merged into that object, in its own file, with the file's comments and
 * key order kept. Additions apply as they are; settings that would change
 * what the object already does are refused unless `replaceExisting`
 * confirms them, and the refusal lists them. Several objects it could
 * belong in are refused too: which one istiod applies is the problem the
 * merge exists to avoid. Emits the outputs of `writeGeneratedManifests` and
 * `name` and `changes`.
 */
export async function writeOrMergeManifest(
  ctx: ManifestActionContext,
  options: {
    built: KubernetesObject;
    path: string | undefined;
    overwrite: boolean | undefined;
    replaceExisting: boolean | undefined;
    rules: MergeRules;
  },
): Promise<WrittenOrMerged> {
  const { built, rules } = options;
  const files = await readWorkspaceFiles(ctx.workspacePath);
  const found = rules.find(collectWorkspaceManifests(files).objects);
  if (found.length === 0) {
    const written = await writeGeneratedManifests(ctx, {
      objects: [built],
      path: options.path,
      overwrite: options.overwrite,
      files,
    });
    ctx.output('name', built.metadata.name);
    ctx.output('changes', []);
    return {
      ...written,
      name: built.metadata.name,
      changes: [],
      object: built,
    };
  }
  if (found.length > 1) {
    throw stepRefusal(
      ctx,
      `The repository holds ${found.length} objects that are each a ${
        rules.subject
      }: ${found.map(f => `${nameOf(f)} (${where(f)})`).join(', ')}. ${
        rules.describeSeveral?.(found) ?? rules.why
      } Merge them into one first.`,
    );
  }
  const [target] = found;
  const plan = rules.plan(target.object);
  if (plan.conflicts.length > 0 && !options.replaceExisting) {
    throw stepRefusal(
      ctx,
      `${nameOf(target)} in ${where(target)} is the ${
        rules.subject
      } and already sets what the form would change: ${plan.conflicts.join(
        '; ',
      )}. Confirm with replaceExisting ("Replace existing settings") to change them; nothing else in it changes.`,
    );
  }
  const file = target.location.file;
  const absolute = await resolveWorkspacePath(ctx.workspacePath, file, 'path');
  const before = await readFile(absolute, 'utf8');
  const { metadata, kind } = target.object;
  const edited = editYamlObject(
    before,
    file,
    { kind, name: metadata.name, namespace: metadata.namespace },
    plan.edits,
  );
  const object = parse(edited.document) as KubernetesObject;
  assertManifestSchema(object);
  let status: WrittenOrMerged['status'] = 'unchanged';
  if (edited.text !== before) {
    await writeManifestFile({
      workspacePath: ctx.workspacePath,
      path: file,
      content: edited.text,
      overwrite: true,
      field: 'path',
    });
    status = 'updated';
  }
  const changes = [
    ...plan.additions.map(change => `added ${change}`),
    ...plan.conflicts.map(change => `replaced: ${change}`),
  ];
  const dryRun = ctx.isDryRun ? ' (dry run)' : '';
  ctx.logger.info(
    status === 'updated'
      ? `Merged into ${nameOf(target)} in ${file}, the ${
          rules.subject
        }${dryRun}: ${changes.join('; ')}`
      : `${nameOf(
          target,
        )} in ${file} already holds what the form sets; left unchanged${dryRun}`,
  );
  if (options.path && options.path.replace(/^\.\//, '') !== file) {
    ctx.logger.info(`${options.path} was not written: ${rules.why}`);
  }
  const diff = reviewDiff(file, before, edited.text);
  ctx.output('path', file);
  ctx.output('status', status);
  ctx.output('manifest', edited.document);
  ctx.output('diff', diff);
  ctx.output('name', metadata.name);
  ctx.output('changes', changes);
  return {
    path: file,
    status,
    manifest: edited.document,
    diff,
    name: metadata.name,
    changes,
    object,
  };
}
