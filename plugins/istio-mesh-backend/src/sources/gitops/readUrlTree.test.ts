import {
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { readUrlTree } from './readUrlTree';

const TREE: Record<string, string> = {
  './clusters/homelab/argocd/kiali.yaml':
    'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: kiali\n  namespace: argocd\n',
  'apps/dev/kustomization.yaml': 'resources:\n  - ../base\n',
  '.github/workflows/validate.yaml': 'on: [pull_request]\n',
  'docs/logo.png': '\u0089PNG',
};

/** A reader that, like some, gives every file whatever the filter says. */
function readerOf(files: Record<string, string>) {
  return mockServices.urlReader.mock({
    readTree: jest.fn(
      async (): Promise<UrlReaderServiceReadTreeResponse> => ({
        etag: '4f1c2a9',
        files: async () =>
          Object.entries(files).map(([path, content]) => ({
            path,
            content: async () => Buffer.from(content, 'utf8'),
          })),
        archive: async () => {
          throw new Error('archive() is not used');
        },
        dir: async () => {
          throw new Error('dir() is not used');
        },
      }),
    ),
  });
}

describe('readUrlTree', () => {
  const url = 'https://git.example.com/homelab/gitops/tree/main';

  it('keeps manifest files and kustomizations, with repository paths', async () => {
    expect(await readUrlTree(url, readerOf(TREE))).toStrictEqual([
      {
        path: 'clusters/homelab/argocd/kiali.yaml',
        content: TREE['./clusters/homelab/argocd/kiali.yaml'],
      },
      {
        path: 'apps/dev/kustomization.yaml',
        content: 'resources:\n  - ../base\n',
      },
    ]);
  });

  it('asks the reader for manifest files only', async () => {
    const urlReader = readerOf({});
    await readUrlTree(url, urlReader);
    const [[calledUrl, options]] = (urlReader.readTree as jest.Mock).mock
      .calls as [[string, UrlReaderServiceReadTreeOptions]];
    expect(calledUrl).toBe(url);
    expect(
      Object.keys(TREE).filter(path => options.filter!(path, { size: 10 })),
    ).toEqual([
      './clusters/homelab/argocd/kiali.yaml',
      'apps/dev/kustomization.yaml',
    ]);
  });

  it('passes on what the reader throws', async () => {
    const urlReader = mockServices.urlReader.mock({
      readTree: jest.fn(async () => {
        throw new Error('Reading from git.example.com is not allowed');
      }),
    });
    await expect(readUrlTree(url, urlReader)).rejects.toThrow(
      'Reading from git.example.com is not allowed',
    );
  });
});
