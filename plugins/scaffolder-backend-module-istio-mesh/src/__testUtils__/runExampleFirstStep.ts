import { readFile } from 'node:fs/promises';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseManifests } from '@istio-mesh/plugin-istio-mesh-common';
import { parse } from 'yaml';

/**
 * Runs the first step of a documented example of an `istio:*:create`
 * action as written, in a workspace that holds `workspaceContent` (by
 * default nothing), and reads back the file its `path` names: the `status`
 * output, the problems of parsing that file and the kind of its first
 * object.
 */
export async function runExampleFirstStep(
  example: string,
  action: TemplateAction<any, any, any>,
  workspaceContent: Record<string, string> = {},
) {
  const workspace = createMockDirectory({ content: workspaceContent });
  const { input } = parse(example).steps[0];
  const ctx = createMockActionContext({
    input,
    workspacePath: workspace.path,
  });
  await action.handler(ctx);
  const outputs = new Map((ctx.output as jest.Mock).mock.calls);
  const text = await readFile(workspace.resolve(input.path), 'utf8');
  const parsed = parseManifests(text, input.path);
  return {
    status: outputs.get('status'),
    problems: parsed.problems,
    kind: parsed.objects[0]?.object.kind,
  };
}
