import { readFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/** The symbolic link in the workspace that leads to the `outside` folder. */
const ESCAPE_LINK = 'escape';

/** What the `outside` folder holds; an action must never change it. */
const OUTSIDE_CONTENT = { 'keep.yaml': 'kind: ConfigMap\n' };

/**
 * The workspace of a test of a manifest-writing action: before each test,
 * `workspace` holds `workspaceContent` and a symbolic link `escape` to the
 * `outside` folder, which holds one file.
 *
 * @param options.action - the action that `run` runs
 * @param options.template - the name of the template the task runs, if any
 * @param options.workspaceContent - files of the workspace, by path
 */
export function manifestActionHarness(options: {
  action: TemplateAction<any, any, any>;
  template?: string;
  workspaceContent: Record<string, string>;
}) {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();

  beforeEach(() => {
    outside.setContent(OUTSIDE_CONTENT);
    workspace.setContent({
      ...options.workspaceContent,
      [ESCAPE_LINK]: ({ symlink }) => symlink(outside.path),
    });
  });

  /** Runs the action (or `action`) on `input`; returns its outputs and logger. */
  async function run(
    input: Record<string, unknown>,
    isDryRun = false,
    action = options.action,
  ) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      logger,
      ...(options.template
        ? {
            templateInfo: { entityRef: `template:default/${options.template}` },
          }
        : {}),
    });
    await action.handler({ ...ctx, isDryRun });
    const outputs: Record<string, any> = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return { outputs, logger };
  }

  /** The text of a workspace file. */
  const read = (path: string) => readFile(workspace.resolve(path), 'utf8');

  /**
   * Asserts that the folders of `workspaceContent` and the `outside` folder
   * hold what they held before the test.
   */
  function expectNothingWritten() {
    const folders = new Set(Object.keys(options.workspaceContent).map(dirname));
    for (const folder of folders) {
      expect(workspace.content({ path: folder })).toStrictEqual(
        Object.fromEntries(
          Object.entries(options.workspaceContent)
            .filter(([path]) => dirname(path) === folder)
            .map(([path, text]) => [relative(folder, path), text]),
        ),
      );
    }
    expect(outside.content()).toStrictEqual(OUTSIDE_CONTENT);
  }

  return { workspace, outside, run, read, expectNothingWritten };
}

/**
 * The three ways a `path` input could leave the workspace, as
 * `[title, input, message]` rows for `it.each`: `validInput` with a path
 * that climbs out with `..`, an absolute path, and a path through the
 * harness's `escape` link.
 */
export function pathSafetyCases(
  validInput: Record<string, unknown>,
  fileName: string,
): Array<[string, Record<string, unknown>, string]> {
  const climbing = `apps/../../${fileName}`;
  const absolute = `/${fileName}`;
  const linked = `${ESCAPE_LINK}/${fileName}`;
  return [
    [
      'a path that climbs out of the workspace',
      { ...validInput, path: climbing },
      `Invalid path "${climbing}": '..' leads outside the workspace`,
    ],
    [
      'an absolute path',
      { ...validInput, path: absolute },
      `Invalid path "${absolute}": an absolute path is not allowed`,
    ],
    [
      'a path through a symbolic link that leaves the workspace',
      { ...validInput, path: linked },
      `Invalid path "${linked}": a symbolic link on the path leads outside the workspace`,
    ],
  ];
}

/** The `diff` output of an action that created `path` holding `text`. */
export function createdDiff(path: string, text: string): string {
  const lines = text.split('\n').slice(0, -1);
  return `--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${lines
    .map(line => `+${line}\n`)
    .join('')}`;
}
