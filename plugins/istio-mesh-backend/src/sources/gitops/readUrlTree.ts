import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  isManifestCandidate,
  repositoryPath,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  FileReadBudget,
  FileReadLimits,
  FolderFiles,
} from '@istio-mesh/plugin-istio-mesh-node';

/** What a GitOps source read: the same shape from a folder or a URL. */
export type TreeFiles = FolderFiles;

/**
 * Reads the manifest files of a repository URL (a Git host's tree URL such
 * as `https://<host>/<org>/<repo>/tree/main/clusters`) through the backend's
 * URL reader, which applies the `integrations` credentials and the
 * `backend.reading.allow` list. Only `.yaml`, `.yml`, `.json` and
 * kustomization files outside dot-folders and `node_modules` are kept; a
 * file over `maxFileBytes`, or past `maxReadBytes` in all, is listed as
 * unreadable and the rest is kept. Throws what the reader throws
 * (NotFoundError, NotAllowedError...).
 */
export async function readUrlTree(
  url: string,
  urlReader: UrlReaderService,
  options: { limits: FileReadLimits; signal?: AbortSignal },
): Promise<TreeFiles> {
  const budget = new FileReadBudget(options.limits);
  const result: TreeFiles = { files: [], unreadable: [] };
  const tree = await urlReader.readTree(url, {
    // Readers that know sizes skip large files before unpacking them.
    filter: (path, info) => {
      if (!isManifestCandidate(path)) return false;
      if (info && info.size > options.limits.maxFileBytes) {
        result.unreadable.push({
          path: repositoryPath(path),
          reason: budget.refusal(info.size)!,
        });
        return false;
      }
      return true;
    },
    signal: options.signal,
  });
  const entries = (await tree.files())
    .filter(file => isManifestCandidate(file.path))
    .map(file => ({ path: repositoryPath(file.path), content: file.content }))
    .sort((a, b) => (a.path < b.path ? -1 : Number(a.path > b.path)));
  for (const { path, content: read } of entries) {
    options.signal?.throwIfAborted();
    const content = await read();
    const refusal = budget.refusal(content.byteLength);
    if (refusal) {
      result.unreadable.push({ path, reason: refusal });
      continue;
    }
    budget.take(content.byteLength);
    result.files.push({ path, content: content.toString('utf8') });
  }
  return result;
}
