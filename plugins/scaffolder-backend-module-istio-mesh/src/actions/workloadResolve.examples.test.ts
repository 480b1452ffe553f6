import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseManifests } from '@istio-mesh/plugin-istio-mesh-common';
import { parse, parseAllDocuments } from 'yaml';
import { createPeerAuthenticationCreateAction } from './peerAuthenticationCreate';
import { createWorkloadResolveAction } from './workloadResolve';
import { examples } from './workloadResolve.examples';

// cartservice of the example catalog: backstage.io/kubernetes-label-selector
// app=cartservice, backstage.io/kubernetes-namespace boutique-dev.
const cartservice = parseAllDocuments(
  readFileSync(
    resolve(__dirname, '../../../../examples/catalog/online-boutique.yaml'),
    'utf8',
  ),
)
  .map(document => document.toJS())
  .find(entity => entity.metadata.name === 'cartservice');

/**
 * The step's input with its `${{ ... }}` expressions replaced by the
 * values they name, as the scaffolder would render them.
 */
function render(input: unknown, values: Record<string, unknown>): any {
  if (typeof input === 'string') {
    const whole = /^\$\{\{ ([\w.]+) \}\}$/.exec(input);
    if (whole) return values[whole[1]];
    return input.replace(/\$\{\{ ([\w.]+) \}\}/g, (_, name) =>
      String(values[name]),
    );
  }
  if (Array.isArray(input)) return input.map(item => render(item, values));
  if (input && typeof input === 'object') {
    return Object.fromEntries(
      Object.entries(input).map(([key, value]) => [key, render(value, values)]),
    );
  }
  return input;
}

/** The actions the examples' later steps call. */
const WRITERS: Record<string, () => { handler: (ctx: any) => Promise<void> }> =
  {
    'istio:peerauthentication:create': createPeerAuthenticationCreateAction,
  };

describe('istio:workload:resolve examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'runs as written: %s',
    async (_, example) => {
      const workspace = createMockDirectory();
      const steps = parse(example).steps as Array<{
        action: string;
        input: Record<string, unknown>;
      }>;
      // The form left namespace, workload and host empty.
      const values: Record<string, unknown> = {
        'steps.entity.output.entity': cartservice,
        'parameters.namespace': '',
        'parameters.workload': '',
        'parameters.host': '',
      };

      const resolveStep = steps.find(
        step => step.action === 'istio:workload:resolve',
      )!;
      const ctx = createMockActionContext({
        input: render(resolveStep.input, values),
        workspacePath: workspace.path,
      });
      await createWorkloadResolveAction().handler(ctx);
      for (const [name, value] of (ctx.output as jest.Mock).mock.calls) {
        values[`steps.service.output.${name}`] = value;
      }
      expect(values['steps.service.output.workload']).toBe('cartservice');
      expect(values['steps.service.output.namespace']).toBe('boutique-dev');

      // The later steps that write read the resolved values.
      const written: string[] = [];
      for (const step of steps.filter(s => s.action in WRITERS)) {
        const input = render(step.input, values);
        await WRITERS[step.action]().handler(
          createMockActionContext({ input, workspacePath: workspace.path }),
        );
        written.push(input.path);
      }
      for (const path of written) {
        const text = await readFile(workspace.resolve(path), 'utf8');
        const [object] = parseManifests(text, path).objects;
        expect(object.object.metadata).toMatchObject({
          name: 'cartservice-strict',
          namespace: 'boutique-dev',
        });
      }
    },
  );
});
