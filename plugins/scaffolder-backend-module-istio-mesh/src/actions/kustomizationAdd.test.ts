import { readFile } from 'node:fs/promises';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createKustomizationAddAction } from './kustomizationAdd';

// A hand-kept overlay: comments, keys in no particular order, a list at the
// key's indentation, quoted and flow values.
const OVERLAY = `# Dev overlay of the online boutique.
# Argo CD: online-boutique-dev
namespace: "boutique-dev"   # must match the Application's destination
kind: Kustomization
resources:
- ../../base/online-boutique/base   # everything shared
# mesh resources of dev only
- istio/peerauthentication-strict.yaml

commonLabels: {app.kubernetes.io/part-of: online-boutique, env: 'dev'}
apiVersion: kustomize.config.k8s.io/v1beta1
`;

const BASE = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - frontend.yaml
`;

describe('istio:kustomization:add', () => {
  const workspace = createMockDirectory();
  const outside = createMockDirectory();
  const action = createKustomizationAddAction();

  beforeEach(() => {
    outside.setContent({ 'kustomization.yaml': BASE });
    workspace.setContent({
      'apps/dev/online-boutique/kustomization.yaml': OVERLAY,
      'apps/dev/online-boutique/istio/virtualservice-frontend.yaml':
        'kind: VirtualService\n',
      'apps/base/online-boutique/base/kustomization.yaml': BASE,
      'apps/base/online-boutique/base/frontend.yaml': 'kind: Deployment\n',
      'apps/base/online-boutique/base/istio/virtualservice.yaml':
        'kind: VirtualService\n',
      'apps/staging/notes.yaml': 'kind: ConfigMap\n',
      'apps/escape': ({ symlink }) => symlink(outside.path),
    });
  });

  async function run(input: Record<string, unknown>, isDryRun = false) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      logger,
    });
    await action.handler({ ...ctx, isDryRun });
    return {
      outputs: Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
      ),
      logger,
    };
  }

  const read = (path: string) => readFile(workspace.resolve(path), 'utf8');

  it('appends to a hand-kept kustomization, keeping every other byte', async () => {
    const { outputs } = await run({
      path: 'apps/dev/online-boutique',
      resources: [
        'istio/virtualservice-frontend.yaml',
        './istio/peerauthentication-strict.yaml',
        'istio/destinationrule-frontend.yaml',
      ],
    });
    expect(outputs).toStrictEqual({
      path: 'apps/dev/online-boutique/kustomization.yaml',
      added: [
        'istio/virtualservice-frontend.yaml',
        'istio/destinationrule-frontend.yaml',
      ],
      status: 'updated',
    });
    expect(await read('apps/dev/online-boutique/kustomization.yaml')).toBe(
      OVERLAY.replace(
        '- istio/peerauthentication-strict.yaml\n',
        `- istio/peerauthentication-strict.yaml
- istio/virtualservice-frontend.yaml
- istio/destinationrule-frontend.yaml
`,
      ),
    );
  });

  it('is idempotent: a second run leaves the file byte-identical', async () => {
    const input = {
      path: 'apps/base/online-boutique/base/istio',
      resources: ['virtualservice.yaml'],
    };
    const first = await run(input);
    const afterFirst = await read(
      'apps/base/online-boutique/base/istio/kustomization.yaml',
    );
    const second = await run(input);
    expect(first.outputs.status).toBe('created');
    expect(second.outputs).toStrictEqual({
      path: 'apps/base/online-boutique/base/istio/kustomization.yaml',
      added: [],
      status: 'unchanged',
    });
    expect(
      await read('apps/base/online-boutique/base/istio/kustomization.yaml'),
    ).toBe(afterFirst);
  });

  it('creates kustomization.yaml when the folder has none', async () => {
    const { outputs } = await run({
      path: 'apps/base/online-boutique/base/istio',
      resources: ['virtualservice.yaml', 'virtualservice.yaml'],
      namespace: 'boutique-dev',
    });
    expect(outputs).toStrictEqual({
      path: 'apps/base/online-boutique/base/istio/kustomization.yaml',
      added: ['virtualservice.yaml'],
      status: 'created',
    });
    expect(
      await read('apps/base/online-boutique/base/istio/kustomization.yaml'),
    ).toBe(`apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: boutique-dev
resources:
  - virtualservice.yaml
`);
  });

  it('accepts the kustomization file itself as path', async () => {
    const { outputs } = await run({
      path: 'apps/base/online-boutique/base/kustomization.yaml',
      resources: ['istio'],
    });
    expect(outputs.added).toStrictEqual(['istio']);
    expect(
      await read('apps/base/online-boutique/base/kustomization.yaml'),
    ).toBe(`${BASE}  - istio\n`);
  });

  it('allows ../ entries that stay inside the workspace', async () => {
    const { outputs } = await run({
      path: 'apps/staging/online-boutique',
      resources: ['../../base/online-boutique/base'],
    });
    expect(outputs.added).toStrictEqual(['../../base/online-boutique/base']);
  });

  it('writes the same file in a dry run', async () => {
    await run(
      { path: 'apps/base/online-boutique/base', resources: ['istio'] },
      true,
    );
    expect(
      await read('apps/base/online-boutique/base/kustomization.yaml'),
    ).toBe(`${BASE}  - istio\n`);
  });

  it('warns about entries that do not exist yet', async () => {
    const { logger } = await run({
      path: 'apps/base/online-boutique/base',
      resources: ['istio/destinationrule.yaml'],
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'apps/base/online-boutique/base/istio/destinationrule.yaml does not exist in the workspace yet; kustomize build fails until it does',
    );
  });

  it('lists the files earlier steps wrote, skipping one a kustomization lists already', async () => {
    const { outputs, logger } = await run({
      path: 'apps/base/online-boutique/base',
      files: [
        // A new file, in a subfolder of the kustomization's.
        'apps/base/online-boutique/base/istio/virtualservice.yaml',
        // An existing file a step merged into: listed already.
        'apps/base/online-boutique/base/frontend.yaml',
      ],
    });
    expect(outputs).toStrictEqual({
      path: 'apps/base/online-boutique/base/kustomization.yaml',
      added: ['istio/virtualservice.yaml'],
      status: 'updated',
    });
    expect(logger.info).toHaveBeenCalledWith(
      'apps/base/online-boutique/base/frontend.yaml is listed by a kustomization already; not listed again',
    );
    expect(
      await read('apps/base/online-boutique/base/kustomization.yaml'),
    ).toBe(`${BASE}  - istio/virtualservice.yaml\n`);
  });

  it('leaves the kustomization unchanged when every file is listed already', async () => {
    const { outputs } = await run({
      path: 'apps/base/online-boutique/base',
      files: ['apps/base/online-boutique/base/frontend.yaml'],
    });
    expect(outputs).toStrictEqual({
      path: 'apps/base/online-boutique/base/kustomization.yaml',
      added: [],
      status: 'unchanged',
    });
    expect(
      await read('apps/base/online-boutique/base/kustomization.yaml'),
    ).toBe(BASE);
  });

  it('refuses a file outside the workspace', async () => {
    await expect(
      run({
        path: 'apps/base/online-boutique/base',
        files: ['apps/escape/kustomization.yaml'],
      }),
    ).rejects.toThrow(
      new InputError(
        'Invalid files[0] "apps/escape/kustomization.yaml": a symbolic link on the path leads outside the workspace',
      ),
    );
  });

  it('never reads a kustomization.yaml that links outside the workspace, nor echoes it', async () => {
    outside.setContent({
      'kustomization.yaml': 'resources: [\n# token: hunter2-not-for-logs\n',
    });
    workspace.addContent({
      'apps/linked/kustomization.yaml': ({ symlink }) =>
        symlink(outside.resolve('kustomization.yaml')),
      'apps/linked/vs.yaml': 'kind: VirtualService\n',
    });
    const error = await run({
      path: 'apps/linked',
      resources: ['vs.yaml'],
    }).catch(e => e);
    expect(error).toEqual(
      new InputError(
        'Invalid path "apps/linked/kustomization.yaml": a symbolic link on the path leads outside the workspace',
      ),
    );
    expect(error.message).not.toContain('hunter2');
    expect(await readFile(outside.resolve('kustomization.yaml'), 'utf8')).toBe(
      'resources: [\n# token: hunter2-not-for-logs\n',
    );
  });

  describe('list layouts', () => {
    it.each([
      [
        'a flow list',
        'kind: Kustomization\nresources: [a.yaml, "b.yaml"]  # two\n',
        'kind: Kustomization\nresources: [a.yaml, "b.yaml", c.yaml]  # two\n',
      ],
      [
        'a flow list with a trailing comma',
        'kind: Kustomization\nresources: [a.yaml,]\n',
        'kind: Kustomization\nresources: [a.yaml, c.yaml]\n',
      ],
      [
        'an empty flow list',
        'kind: Kustomization\nresources: []\n',
        'kind: Kustomization\nresources: [c.yaml]\n',
      ],
      [
        'an empty key',
        'kind: Kustomization\nresources:\nnamespace: x\n',
        'kind: Kustomization\nresources:\n  - c.yaml\nnamespace: x\n',
      ],
      [
        'no resources key, lists at the key indentation',
        'kind: Kustomization\npatches:\n- path: p.yaml\n',
        'kind: Kustomization\npatches:\n- path: p.yaml\nresources:\n- c.yaml\n',
      ],
      [
        'a trailing comment in the list and no final newline',
        'resources:\n    - a.yaml   # first\n    # more to come\nkind: Kustomization',
        'resources:\n    - a.yaml   # first\n    - c.yaml\n    # more to come\nkind: Kustomization',
      ],
      [
        'a flow list over lines with a comment, re-rendered with its comment',
        'kind: Kustomization\nresources: [\n  a.yaml, # first\n]\n',
        'kind: Kustomization\nresources: [ a.yaml, c.yaml ] # first\n',
      ],
    ])('appends to %s', async (_layout, before, after) => {
      workspace.addContent({ 'layout/kustomization.yaml': before });
      await run({ path: 'layout', resources: ['c.yaml'] });
      expect(await read('layout/kustomization.yaml')).toBe(after);
      const { outputs } = await run({ path: 'layout', resources: ['c.yaml'] });
      expect(outputs.status).toBe('unchanged');
      expect(await read('layout/kustomization.yaml')).toBe(after);
    });
  });

  describe('bad input', () => {
    it.each([
      [
        { path: '../elsewhere' },
        'Invalid path "../elsewhere": \'..\' leads outside the workspace',
      ],
      [
        { path: '/etc' },
        'Invalid path "/etc": an absolute path is not allowed; give a path relative to the workspace',
      ],
      [
        { path: 'C:\\repo\\apps' },
        'Invalid path "C:\\\\repo\\\\apps": a Windows drive path is not allowed; give a path relative to the workspace',
      ],
      [
        { path: 'apps/escape' },
        'Invalid path "apps/escape": a symbolic link on the path leads outside the workspace',
      ],
      [
        { path: 'apps/staging/notes.yaml' },
        'Invalid path "apps/staging/notes.yaml": give a folder or its kustomization.yaml',
      ],
      [
        { resources: ['../../../../../outside.yaml'] },
        'Invalid resources[0] "../../../../../outside.yaml": \'..\' leads outside the workspace',
      ],
      [
        { resources: ['ok.yaml', '/etc/passwd'] },
        'Invalid resources[1] "/etc/passwd": an absolute path is not allowed; give a path relative to the workspace',
      ],
      [
        { resources: ['../../escape/kustomization.yaml'] },
        'Invalid resources[0] "../../escape/kustomization.yaml": a symbolic link on the path leads outside the workspace',
      ],
      [
        { resources: ['https://github.com/org/repo//base?ref=v1'] },
        'Invalid resources[0] "https://github.com/org/repo//base?ref=v1": remote resources are not supported; give a path relative to the kustomization\'s folder',
      ],
      [
        { resources: ['./'] },
        'Invalid resources[0] "./": it names the kustomization\'s own folder',
      ],
      [
        { resources: [] },
        'Invalid resources: list at least one file or folder',
      ],
      [
        { namespace: 'Boutique_Dev' },
        'Invalid namespace "Boutique_Dev": a namespace is at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
      ],
      [
        { namespace: 'boutique-prod' },
        'Invalid namespace "boutique-prod": apps/dev/online-boutique/kustomization.yaml sets field "namespace" to "boutique-dev"',
      ],
    ])('refuses %j', async (override, message) => {
      await expect(
        run({
          path: 'apps/dev/online-boutique',
          resources: ['istio/virtualservice-frontend.yaml'],
          ...override,
        }),
      ).rejects.toThrow(new InputError(message));
      expect(await read('apps/dev/online-boutique/kustomization.yaml')).toBe(
        OVERLAY,
      );
      expect(outside.content()).toStrictEqual({ 'kustomization.yaml': BASE });
    });

    it.each([
      [
        'another kind',
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: []\n',
        'broken/kustomization.yaml is not a Kustomization: field "kind" is "Component"',
      ],
      [
        'a list at the top',
        '- a.yaml\n',
        'broken/kustomization.yaml is not a Kustomization: it is not a map',
      ],
      [
        'resources that are not a list',
        'kind: Kustomization\nresources: a.yaml\n',
        'broken/kustomization.yaml: field "resources" is not a list; fix the file or give another kustomization',
      ],
      [
        'a resource that is not a string',
        'kind: Kustomization\nresources:\n  - a.yaml\n  - {path: b.yaml}\n',
        'broken/kustomization.yaml: field "resources[1]" is not a string; fix the file or give another kustomization',
      ],
      [
        'invalid YAML',
        'kind: Kustomization\nresources: [a.yaml\n',
        'broken/kustomization.yaml is not valid YAML',
      ],
    ])('refuses a kustomization.yaml with %s', async (_case, text, message) => {
      workspace.addContent({ 'broken/kustomization.yaml': text });
      const error = await run({ path: 'broken', resources: ['c.yaml'] }).catch(
        e => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(message);
      expect(await read('broken/kustomization.yaml')).toBe(text);
    });

    it('refuses a folder with two kustomization files', async () => {
      workspace.addContent({
        'twice/kustomization.yaml': BASE,
        'twice/kustomization.yml': BASE,
      });
      await expect(
        run({ path: 'twice', resources: ['c.yaml'] }),
      ).rejects.toThrow(
        new InputError(
          'Invalid path "twice": the folder holds kustomization.yaml and kustomization.yml; kustomize accepts only one',
        ),
      );
    });
  });
});
