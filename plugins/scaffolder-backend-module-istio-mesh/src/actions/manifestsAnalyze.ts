import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, isError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  analyzeInContext,
  AnalyzeResponse,
  AnalyzerMessage,
  describeManifestProblem,
  manifestProblemMessage,
  ParsedObject,
  RepositoryFile,
} from '@istio-mesh/plugin-istio-mesh-common';
import { stringify } from 'yaml';
import { findDuplicateDeclarations } from '../analysis/duplicateDeclarations';
import { formatFinding } from '../analysis/formatFinding';
import { withoutPodDependentMessages } from '../analysis/podDependentMessages';
import { collectWorkspaceManifests } from '../manifests/collectWorkspaceManifests';
import { AnalyzeBackend } from '../workspace/backendAnalyzer';
import {
  readWorkspaceFiles,
  resolveExistingPaths,
} from '../workspace/readWorkspaceFiles';
import { examples } from './manifestsAnalyze.examples';
import { stepRefusal } from './stepRefusal';

const FAILING_LEVELS = {
  error: ['Error'],
  warning: ['Error', 'Warning'],
} as const;

const LEVEL_ORDER = { Error: 0, Warning: 1, Info: 2 } as const;

/**
 * Findings that fail the step whatever `failOn` says, though their level in
 * the catalogue is lower: a subset without pods of its own Service
 * (ISM0005) is a warning for `istio-mesh analyze`, but a template that
 * routes traffic to it would open a pull request that sends requests
 * nowhere.
 */
const ALWAYS_FAILING_CODES: ReadonlySet<string> = new Set(['ISM0005']);

/**
 * Traffic configuration of the repository that the analyzed objects are
 * checked with on the live mesh too: what Argo CD applies from Git, which
 * may be ahead of the cluster (a canary's DestinationRule merged but not
 * yet synced when a later template adds retries to its VirtualService).
 */
const TRAFFIC_CONTEXT_KINDS: ReadonlySet<string> = new Set([
  'networking.istio.io/DestinationRule',
  'networking.istio.io/VirtualService',
  'networking.istio.io/ServiceEntry',
  'networking.istio.io/Gateway',
]);

const groupKind = ({ object }: ParsedObject) =>
  `${object.apiVersion.split('/').slice(0, -1).join('/')}/${object.kind}`;

/** Whether the live mesh was consulted, and if not, why. */
type LiveCheck = { checked: boolean; cluster?: string; reason?: string };

const identityOf = (m: { kind: string; namespace?: string; name: string }) =>
  `${m.kind}/${m.namespace ?? ''}/${m.name}`;

function isInside(paths: string[], file: string) {
  return paths.some(p => p === '' || file === p || file.startsWith(`${p}/`));
}

/**
 * Points a message at the line of the offending field in the workspace
 * file, where the object it names was read from there.
 */
function locate(message: AnalyzerMessage, objects: Map<string, ParsedObject>) {
  const source = objects.get(
    identityOf({
      kind: message.kind,
      namespace: message.namespace,
      name: message.name,
    }),
  );
  if (!source) return message;
  const line =
    (message.path ? source.lineOfPath?.(message.path) : undefined) ??
    source.location.line;
  return {
    ...message,
    location: { file: source.location.file, ...(line ? { line } : {}) },
  };
}

/** The analyzed objects as files for the backend, namespaces filled in. */
function filesForBackend(analyzed: ParsedObject[]) {
  const byFile = new Map<string, string[]>();
  for (const { object, location } of analyzed) {
    const documents = byFile.get(location.file);
    if (documents) documents.push(stringify(object));
    else byFile.set(location.file, [stringify(object)]);
  }
  return [...byFile].map(([path, documents]) => ({
    path,
    content: documents.join('---\n'),
  }));
}

function describeDenied(response: AnalyzeResponse) {
  return response.authorizationImpact
    .filter(impact => impact.deniedCallers.length > 0)
    .map(
      impact =>
        `AuthorizationPolicy ${impact.policy} would deny ${impact.deniedCallers
          .map(
            c =>
              `${c.namespace}/${c.serviceAccount} (${c.workloads.join(', ')})`,
          )
          .join(', ')}, which may call ${impact.targets.join(', ')} today`,
    );
}

/**
 * Why a call to the backend gave no live result. A refusal (403) is said in
 * so many words, so that a template author does not take it for an outage.
 */
function whyNotLive(error: unknown): string {
  if (ResponseError.is(error)) {
    const status = error.response.status;
    if (status === 403) {
      return "live check not permitted: the istio-mesh backend refused POST /v1/analyze to the task's initiator (istio-mesh.analyze)";
    }
    return `the istio-mesh backend answered ${status}: ${error.body.error.message}`;
  }
  return `the istio-mesh backend could not be reached: ${
    isError(error) ? error.message : String(error)
  }`;
}

/**
 * The `istio:manifests:analyze` action: runs istioctl's analyzers over
 * manifests of the workspace, together with the rest of the repository and,
 * when the istio-mesh backend is available, the live mesh; fails the task
 * when findings at or above `failOn` exist, or ISM0005 findings (a subset
 * that selects none of its Service's running pods), whatever their level.
 *
 * @remarks
 * Only objects in `paths` are reported on; the rest of the workspace is the
 * context they are checked against (a VirtualService's host must be a
 * Service somewhere). The workspace is read as the other istio-mesh readers
 * read a GitOps repository (kustomizations' `resources` and `namespace`);
 * files in `paths` that no kustomization lists are analyzed as written, with
 * a warning that kustomize does not apply them. Without the live mesh,
 * messages that need running pods (a subset or selector that matches no pod)
 * are not reported, since Git holds no pods. A failing backend, or one that
 * does not permit the initiator the live check (`istio-mesh.analyze`), only
 * costs the live check: the reason is logged and in the `live` output, and
 * the local result stands.
 *
 * @public
 */
export function createManifestsAnalyzeAction(
  options: { backend?: AnalyzeBackend } = {},
) {
  const { backend } = options;
  return createTemplateAction({
    id: 'istio:manifests:analyze',
    description:
      "Runs istioctl's analyzers over manifests in the workspace, with the rest of the repository and the live mesh as context, and fails on findings",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        paths: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Files or folders to report on, relative to the workspace; default the whole workspace',
            ),
        failOn: z =>
          z
            .enum(['error', 'warning'])
            .optional()
            .describe(
              'Fail the task on findings at or above this level; default error. ISM0005 (a subset without running pods of its Service) fails it at any level',
            ),
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              'Cluster whose live mesh to check against; default the only one configured',
            ),
        live: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Also check against the live mesh through the istio-mesh backend; default true',
            ),
      },
      output: {
        messages: z =>
          z
            .array(
              z
                .object({
                  code: z.string(),
                  level: z.string(),
                  kind: z.string(),
                  namespace: z.string(),
                  name: z.string(),
                  message: z.string(),
                  path: z.string(),
                })
                .passthrough(),
            )
            .describe('Analyzer messages about the analyzed manifests'),
        errors: z => z.number().describe('Number of error messages'),
        warnings: z => z.number().describe('Number of warning messages'),
        live: z =>
          z
            .object({
              checked: z.boolean(),
              cluster: z.string().optional(),
              reason: z.string().optional(),
            })
            .describe(
              'Whether the live mesh was checked, against which cluster, or why not',
            ),
      },
    },
    async handler(ctx) {
      const { cluster, live: useLive = true } = ctx.input;
      const failOn = ctx.input.failOn ?? 'error';
      if (!(failOn in FAILING_LEVELS)) {
        throw new InputError(
          `Invalid failOn ${JSON.stringify(failOn)}: use error or warning`,
        );
      }
      const paths = await resolveExistingPaths(
        ctx.workspacePath,
        ctx.input.paths ?? ['.'],
      );

      const files: RepositoryFile[] = await readWorkspaceFiles(
        ctx.workspacePath,
      );
      // A file named in `paths` is analyzed whatever its extension.
      for (const path of paths) {
        const absolute = join(ctx.workspacePath, path);
        if (
          path !== '' &&
          !files.some(f => f.path === path) &&
          (await stat(absolute)).isFile()
        ) {
          files.push({ path, content: await readFile(absolute, 'utf8') });
        }
      }
      // What a template just wrote may not be in a kustomization yet.
      const rendered = collectWorkspaceManifests(files, {
        readUnlisted: file => isInside(paths, file),
      });
      if (rendered.unlistedFiles.length > 0) {
        ctx.logger.warn(
          `Analyzed as written, though no kustomization lists them (kustomize does not apply them): ${rendered.unlistedFiles.join(
            ', ',
          )}`,
        );
      }
      for (const problem of rendered.notBuilt) {
        ctx.logger.warn(`Not rendered: ${describeManifestProblem(problem)}`);
      }
      const analyzed = rendered.objects.filter(o =>
        isInside(paths, o.location.file),
      );
      const context = rendered.objects.filter(
        o => !isInside(paths, o.location.file),
      );
      const sources = new Map(
        analyzed.map(o => [
          identityOf({ kind: o.object.kind, ...o.object.metadata }),
          o,
        ]),
      );

      const local = analyzeInContext({
        analyzed,
        problems: rendered.problems.filter(p => isInside(paths, p.file)),
        context: context.map(o => o.object),
      });
      const { kept, dropped } = withoutPodDependentMessages(
        local,
        rendered.objects.map(o => o.object),
      );
      const messages = [
        ...kept.map(m => locate(m, sources)),
        // An analyzed object replaces a context object of the same
        // identity, as it replaces one in the live mesh; two files of the
        // repository that declare one object are an error of their own,
        // already located in the analyzed file.
        ...findDuplicateDeclarations(files, file => isInside(paths, file)).map(
          manifestProblemMessage,
        ),
      ];

      let live: LiveCheck;
      if (!useLive) {
        live = { checked: false, reason: 'live is false in the input' };
      } else if (!backend) {
        live = {
          checked: false,
          reason: 'no istio-mesh backend is configured for the scaffolder',
        };
      } else if (analyzed.length === 0) {
        live = { checked: false, reason: 'no manifests to analyze' };
      } else {
        try {
          const namespaces = new Set(
            analyzed.map(o => o.object.metadata.namespace),
          );
          const trafficContext = context.filter(
            o =>
              TRAFFIC_CONTEXT_KINDS.has(groupKind(o)) &&
              namespaces.has(o.object.metadata.namespace),
          );
          const response = await backend.analyze(
            {
              files: filesForBackend([...analyzed, ...trafficContext]),
              ...(cluster ? { cluster } : {}),
            },
            await ctx.getInitiatorCredentials(),
          );
          if (response.cluster) {
            live = { checked: true, cluster: response.cluster };
            const seen = new Set(messages.map(formatFinding));
            // Only what is said about the analyzed objects: the repository's
            // context was sent to be checked against, not reported on.
            const about = (m: {
              kind: string;
              namespace?: string;
              name: string;
            }) => sources.has(identityOf(m));
            for (const message of response.messages
              .filter(about)
              .map(m => locate(m, sources))) {
              if (!seen.has(formatFinding(message))) {
                seen.add(formatFinding(message));
                messages.push(message);
              }
            }
            for (const line of describeDenied(response)) ctx.logger.warn(line);
            const notChecked = (response.notChecked ?? []).filter(about);
            if (notChecked.length) {
              ctx.logger.info(
                `Not checked against the live mesh, since they lead into namespaces the task's initiator may not read: ${notChecked
                  .map(n => `${n.kind} ${n.namespace}/${n.name} ${n.path}`)
                  .join('; ')}`,
              );
            }
          } else {
            live = {
              checked: false,
              reason: `the istio-mesh backend has no live mesh${
                cluster ? ` for cluster ${cluster}` : ''
              } (${
                response.sources.map(s => `${s.id}: ${s.status}`).join(', ') ||
                'no sources'
              })`,
            };
          }
        } catch (error) {
          if (ResponseError.is(error) && error.response.status === 400) {
            throw new InputError(
              `Invalid cluster ${JSON.stringify(cluster ?? '')}: ${
                error.body.error.message
              }`,
            );
          }
          live = { checked: false, reason: whyNotLive(error) };
        }
      }
      if (!live.checked) {
        ctx.logger.warn(`Live mesh not checked: ${live.reason}`);
        if (dropped.length > 0) {
          ctx.logger.info(
            `Not reported without the live mesh, since Git holds no pods: ${dropped
              .map(formatFinding)
              .join('; ')}`,
          );
        }
      }

      messages.sort(
        (a, b) =>
          LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
          (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
          (a.location?.line ?? 0) - (b.location?.line ?? 0),
      );
      const count = (level: AnalyzerMessage['level']) =>
        messages.filter(m => m.level === level).length;
      for (const message of messages) {
        if (message.level === 'Info') ctx.logger.info(formatFinding(message));
        else ctx.logger.warn(formatFinding(message));
      }
      const failing = messages.filter(
        m =>
          (FAILING_LEVELS[failOn] as readonly string[]).includes(m.level) ||
          ALWAYS_FAILING_CODES.has(m.code),
      );
      if (failing.length > 0) {
        const always = [
          ...new Set(
            failing
              .filter(
                m =>
                  !(FAILING_LEVELS[failOn] as readonly string[]).includes(
                    m.level,
                  ),
              )
              .map(m => m.code),
          ),
        ];
        throw stepRefusal(
          ctx,
          `${failing.length} finding(s) at or above ${failOn}${
            always.length
              ? ` or that always stop a template (${always.join(', ')})`
              : ''
          } in ${paths.map(p => p || '.').join(', ')}:\n${failing
            .map(formatFinding)
            .join('\n')}`,
        );
      }
      ctx.logger.info(
        `Analyzed ${analyzed.length} object(s) in ${paths
          .map(p => p || '.')
          .join(', ')}: ${count('Error')} error(s), ${count(
          'Warning',
        )} warning(s), ${count('Info')} info`,
      );
      ctx.output(
        'messages',
        messages as Array<AnalyzerMessage & Record<string, unknown>>,
      );
      ctx.output('errors', count('Error'));
      ctx.output('warnings', count('Warning'));
      ctx.output('live', live);
    },
  });
}
