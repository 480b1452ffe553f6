import { execFileSync } from 'child_process';
import { cpSync, renameSync, writeFileSync } from 'fs';
import { resolve } from 'path';
import {
  createMockDirectory,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  criteria,
  FaultWorld,
  startFaultWorld,
  statuses,
} from './__testUtils__/faultWorld';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const exampleGitops = resolve(__dirname, '../../../../examples/gitops');

describe('a hostile GitOps folder', () => {
  const repository = createMockDirectory();
  let world: FaultWorld;
  afterEach(() => world?.close());

  it('is read around a FIFO, an oversized file and a kind: constructor document, then kept when it vanishes', async () => {
    repository.clear();
    const folder = repository.resolve('gitops');
    cpSync(exampleGitops, folder, { recursive: true });
    const apps = resolve(folder, 'apps/base/online-boutique');
    // Every later refresh and request waited on this FIFO.
    execFileSync('mkfifo', [resolve(apps, 'pipe.yaml')]);
    writeFileSync(
      resolve(apps, 'generated.yaml'),
      `# generated\n${'#'.repeat(300 * 1024)}\n`,
    );
    writeFileSync(
      resolve(folder, 'clusters/homelab/prototype.yaml'),
      `apiVersion: v1
kind: constructor
metadata:
  name: __proto__
  namespace: boutique-dev
---
apiVersion: v1
kind: toString
metadata:
  name: hasOwnProperty
`,
    );
    world = await startFaultWorld({
      knex: await databases.init('SQLITE_3'),
      istioMesh: {
        gitops: [{ name: 'homelab', path: folder }],
        sources: { timeout: { seconds: 30 }, maxFileBytes: 256 * 1024 },
      },
    });

    await world.refresh.run();
    const cart = await world.state('cartservice-alpha');
    const gitops = cart.sources.find(s => s.id === 'gitops:homelab');
    expect(gitops?.status).toBe('partial');
    expect(gitops?.message).toContain(
      'apps/base/online-boutique/generated.yaml: is 300 KiB, over the 256 KiB limit of one file',
    );
    expect(gitops?.message).toContain(
      'apps/base/online-boutique/pipe.yaml: is a FIFO, not a regular file',
    );
    // The clusters, and what was read of the folder, are served.
    expect(statuses(cart)).toMatchObject({
      'kubernetes:alpha': 'ok',
      'kubernetes:beta': 'ok',
      'kubernetes:gamma': 'ok',
    });
    const inGit = criteria(cart)['everything-in-git'];
    expect(inGit).not.toBe('unknown');

    // The folder vanishes: its last good read is kept, marked stale.
    renameSync(folder, repository.resolve('moved'));
    await world.refresh.run();
    const kept = await world.state('cartservice-alpha');
    const stale = kept.sources.find(s => s.id === 'gitops:homelab');
    expect(stale?.status).toBe('stale');
    expect(stale?.message).toMatch(
      /^cannot read GitOps folder .*gitops \(ENOENT\); showing the last good read$/,
    );
    expect(criteria(kept)['everything-in-git']).toBe(inGit);
    expect(Object.values(await world.stored()).filter(Boolean)).toHaveLength(6);

    const seen = [...world.logs, ...world.responses].join('\n');
    for (const credential of world.credentials) {
      expect(seen).not.toContain(credential);
    }
  });
});
