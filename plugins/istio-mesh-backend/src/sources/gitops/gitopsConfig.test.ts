import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readGitopsConfig } from './gitopsConfig';

function read(gitops: JsonValue) {
  return readGitopsConfig(
    new ConfigReader({ istioMesh: { gitops } }, 'app-config.yaml'),
    '/srv/backstage',
  );
}

describe('readGitopsConfig', () => {
  it('is empty when nothing is configured', () => {
    expect(readGitopsConfig(new ConfigReader({}), '/srv/backstage')).toEqual(
      [],
    );
  });

  it('reads folders, resolving relative paths against the config folder, and URLs', () => {
    expect(
      read([
        { name: 'homelab', cluster: 'homelab', path: '../examples/gitops' },
        { name: 'platform', path: '/var/lib/gitops/platform' },
        {
          name: 'shared',
          url: 'https://git.example.com/homelab/gitops/tree/main/clusters',
        },
      ]),
    ).toStrictEqual([
      { name: 'homelab', cluster: 'homelab', path: '/srv/examples/gitops' },
      { name: 'platform', path: '/var/lib/gitops/platform' },
      {
        name: 'shared',
        url: 'https://git.example.com/homelab/gitops/tree/main/clusters',
      },
    ]);
  });

  it.each([
    [
      [
        { name: 'a', path: 'gitops' },
        { name: 'b', path: 'x', url: 'https://git.example.com/x' },
      ],
      'istioMesh.gitops[1]: set either path or url, not both',
    ],
    [
      [{ name: 'a' }],
      'istioMesh.gitops[0]: set path (a local folder) or url (a repository)',
    ],
    [
      [{ path: 'gitops' }],
      "Missing required config value at 'istioMesh.gitops[0].name'",
    ],
    [
      [{ name: ' ', path: 'gitops' }],
      'istioMesh.gitops[0].name must not be empty',
    ],
    [
      [
        { name: 'a', path: 'x' },
        { name: 'a', path: 'y' },
      ],
      'istioMesh.gitops[1].name: another GitOps source is named a',
    ],
    [
      [{ name: 'a', cluster: ' ', path: 'x' }],
      'istioMesh.gitops[0].cluster must not be empty; leave it out for every cluster',
    ],
    [[{ name: 'a', path: ' ' }], 'istioMesh.gitops[0].path must not be empty'],
    [
      [{ name: 'a', path: '' }],
      "Invalid type in config for key 'istioMesh.gitops[0].path' in 'app-config.yaml', got empty-string",
    ],
    [
      [{ name: 'a', url: 'homelab/gitops' }],
      'istioMesh.gitops[0].url is not a valid URL: homelab/gitops',
    ],
    [
      [{ name: 'a', path: 3 }],
      "Invalid type in config for key 'istioMesh.gitops[0].path'",
    ],
    [
      { name: 'a', path: 'x' },
      "Invalid type in config for key 'istioMesh.gitops'",
    ],
  ])('rejects %j', (gitops, message) => {
    expect(() => read(gitops)).toThrow(message);
  });
});
