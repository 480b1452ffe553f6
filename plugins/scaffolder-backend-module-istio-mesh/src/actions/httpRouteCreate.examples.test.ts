import { readFile } from 'node:fs/promises';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseManifests } from '@istio-mesh/plugin-istio-mesh-common';
import { parse } from 'yaml';
import { createHttpRouteCreateAction } from './httpRouteCreate';
import { examples } from './httpRouteCreate.examples';

describe('istio:httproute:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      const workspace = createMockDirectory();
      const { input } = parse(example).steps[0];
      const ctx = createMockActionContext({
        input,
        workspacePath: workspace.path,
      });
      await createHttpRouteCreateAction().handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('status', 'created');
      const text = await readFile(workspace.resolve(input.path), 'utf8');
      const parsed = parseManifests(text, input.path);
      expect(parsed.problems).toStrictEqual([]);
      expect(parsed.objects[0].object.kind).toBe('HTTPRoute');
    },
  );
});
