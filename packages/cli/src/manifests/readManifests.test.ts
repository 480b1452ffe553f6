import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { readManifests } from './readManifests';

const tempDirs: string[] = [];
function tempDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mesh-read-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const service = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 8080}]
`;

// An overlay folder of a GitOps repository: a base, a dev overlay, a
// manifest written but not yet listed, a patch, and loose files.
const REPOSITORY = {
  'apps/base/kustomization.yaml': 'resources:\n  - cartservice.yaml\n',
  'apps/base/cartservice.yaml': service('cartservice'),
  'apps/base/checkoutservice.yaml': service('checkoutservice'),
  'apps/dev/kustomization.yaml':
    'namespace: boutique-dev\nresources:\n  - ../base\npatches:\n  - path: replicas.yaml\n',
  'apps/dev/replicas.yaml': service('cartservice'),
  'clusters/homelab/frontend.yaml': service('frontend'),
  'notes/frontend.txt': service('notes'),
};

async function read(paths: string[]) {
  const result = await readManifests(paths);
  return {
    ...result,
    objects: result.objects.map(
      ({ object, location }) =>
        `${location.file}:${location.line} ${
          object.metadata.namespace ?? '-'
        }/${object.metadata.name}`,
    ),
  };
}

/** The names of the objects read. */
const names = (result: { objects: string[] }) =>
  result.objects.map(o => o.split('/').pop());

describe('readManifests', () => {
  it('renders a directory with its kustomizations, files relative to it as given', async () => {
    const dir = tempDir(REPOSITORY);
    expect(await read([dir])).toStrictEqual({
      objects: [
        `${dir}/apps/base/cartservice.yaml:1 boutique-dev/cartservice`,
        `${dir}/clusters/homelab/frontend.yaml:1 -/frontend`,
      ],
      problems: [],
      notBuilt: [],
      unreadable: [],
    });
  });

  it('reads each object once when a directory and paths inside it are given', async () => {
    const dir = tempDir(REPOSITORY);
    const { objects } = await read([
      path.join(dir, 'clusters/homelab/frontend.yaml'),
      path.join(dir, 'apps'),
      dir,
      `${dir}/`,
      path.join(dir, 'apps/base/cartservice.yaml'),
    ]);
    expect(objects).toStrictEqual([
      `${dir}/apps/base/cartservice.yaml:1 boutique-dev/cartservice`,
      `${dir}/clusters/homelab/frontend.yaml:1 -/frontend`,
    ]);
  });

  it('reads a file named explicitly though no kustomization lists it, or whatever its extension', async () => {
    const dir = tempDir(REPOSITORY);
    const { objects } = await read([
      dir,
      path.join(dir, 'apps/base/checkoutservice.yaml'),
      path.join(dir, 'notes/frontend.txt'),
    ]);
    expect(objects).toStrictEqual([
      `${dir}/apps/base/cartservice.yaml:1 boutique-dev/cartservice`,
      `${dir}/apps/base/checkoutservice.yaml:1 -/checkoutservice`,
      `${dir}/clusters/homelab/frontend.yaml:1 -/frontend`,
      `${dir}/notes/frontend.txt:1 -/notes`,
    ]);
  });

  it('names what a kustomization gets wrong and what it leaves unread', async () => {
    const dir = tempDir({
      'kustomization.yaml':
        'resources:\n  - ../shared/mesh.yaml\n  - missing.yaml\n',
    });
    const { problems, notBuilt } = await read([dir]);
    const entry = (line: number, message: string) => ({
      file: `${dir}/kustomization.yaml`,
      line,
      field: 'resources',
      message: `resources entry ${message}`,
    });
    expect(problems).toStrictEqual([entry(3, 'missing.yaml: not found')]);
    expect(notBuilt).toStrictEqual([
      entry(2, '../shared/mesh.yaml: outside the folder read'),
    ]);
  });

  it('names a path that cannot be read', async () => {
    const missing = path.join(os.tmpdir(), 'istio-mesh-no-such-dir');
    expect((await read([missing])).unreadable).toStrictEqual([
      { path: missing, reason: 'no such file or directory' },
    ]);
  });

  it('names a FIFO or a link leaving the directory instead of waiting or reading it', async () => {
    const outside = tempDir({ 'secret.yaml': service('secret') });
    const dir = tempDir({ 'apps/cartservice.yaml': service('cartservice') });
    execFileSync('mkfifo', [path.join(dir, 'apps/pipe.yaml')]);
    fs.symlinkSync(
      path.join(outside, 'secret.yaml'),
      path.join(dir, 'apps/escape.yaml'),
    );
    const result = await read([dir]);
    expect(result.unreadable).toStrictEqual([
      {
        path: path.join(dir, 'apps/escape.yaml'),
        reason: 'is a symbolic link leading outside the folder',
      },
      {
        path: path.join(dir, 'apps/pipe.yaml'),
        reason: 'is a FIFO, not a regular file',
      },
    ]);
    expect(names(result)).toEqual(['cartservice']);
  });

  it('reads a pipe named on the command line, as from <(kustomize build)', async () => {
    const dir = tempDir({});
    const pipe = path.join(dir, 'rendered');
    execFileSync('mkfifo', [pipe]);
    const reading = read([pipe]);
    fs.createWriteStream(pipe).end(service('frontend'));
    expect(names(await reading)).toEqual(['frontend']);
  });
});
