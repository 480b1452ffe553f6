import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  isManifestCandidate,
  RepositoryFile,
  repositoryPath,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * Reads the manifest files of a repository URL (a Git host's tree URL such
 * as `https://<host>/<org>/<repo>/tree/main/clusters`) through the backend's
 * URL reader, which applies the `integrations` credentials and the
 * `backend.reading.allow` list. Only `.yaml`, `.yml`, `.json` and
 * kustomization files outside dot-folders and `node_modules` are kept. Throws what the reader
 * throws (NotFoundError, NotAllowedError...).
 */
export async function readUrlTree(
  url: string,
  urlReader: UrlReaderService,
): Promise<RepositoryFile[]> {
  const tree = await urlReader.readTree(url, { filter: isManifestCandidate });
  const entries = (await tree.files()).filter(file =>
    isManifestCandidate(file.path),
  );
  return Promise.all(
    entries.map(async file => ({
      path: repositoryPath(file.path),
      content: (await file.content()).toString('utf8'),
    })),
  );
}
