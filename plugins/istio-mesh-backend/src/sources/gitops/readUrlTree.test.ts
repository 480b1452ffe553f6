import {
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { readUrlTree as read } from './readUrlTree';

const LIMITS = { maxFileBytes: 10 << 20, maxReadBytes: 200 << 20 };
const readUrlTree = (
  url: string,
  reader: Parameters<typeof read>[1],
  limits = LIMITS,
) => read(url, reader, { limits });

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
    expect(await readUrlTree(url, readerOf(TREE))).toStrictEqual({
      files: [
        {
          path: 'apps/dev/kustomization.yaml',
          content: 'resources:\n  - ../base\n',
        },
        {
          path: 'clusters/homelab/argocd/kiali.yaml',
          content: TREE['./clusters/homelab/argocd/kiali.yaml'],
        },
      ],
      unreadable: [],
    });
  });

  it('lists files over the limits as unreadable and keeps the rest', async () => {
    const { files, unreadable } = await readUrlTree(
      url,
      readerOf({
        'a.yaml': 'a'.repeat(600),
        'b.yaml': 'b'.repeat(5000),
        'c.yaml': 'c'.repeat(300),
        'd.yaml': 'd'.repeat(300),
      }),
      { maxFileBytes: 1024, maxReadBytes: 1000 },
    );
    expect(files.map(f => f.path)).toEqual(['a.yaml', 'c.yaml']);
    expect(unreadable).toStrictEqual([
      {
        path: 'b.yaml',
        reason: 'is 4.9 KiB, over the 1 KiB limit of one file',
      },
      {
        path: 'd.yaml',
        reason:
          'not read: the files before it reached the 1000 bytes limit of one read',
      },
    ]);
  });

  it('skips, before unpacking, a file the reader says is too large', async () => {
    const urlReader = readerOf({});
    const reading = readUrlTree(url, urlReader, {
      maxFileBytes: 1024,
      maxReadBytes: 4096,
    });
    const [[, options]] = (urlReader.readTree as jest.Mock).mock.calls as [
      [string, UrlReaderServiceReadTreeOptions],
    ];
    expect(options.filter!('big.yaml', { size: 2048 })).toBe(false);
    expect(options.filter!('small.yaml', { size: 100 })).toBe(true);
    expect((await reading).unreadable).toStrictEqual([
      {
        path: 'big.yaml',
        reason: 'is 2 KiB, over the 1 KiB limit of one file',
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
