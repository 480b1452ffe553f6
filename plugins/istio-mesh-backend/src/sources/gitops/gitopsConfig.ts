import { isAbsolute, resolve } from 'path';
import { Config } from '@backstage/config';

/** One configured GitOps source: a folder or a repository URL of manifests. */
export interface GitopsSourceConfig {
  /** Unique name; the source's id is `gitops:<name>`. */
  name: string;
  /** Cluster whose desired state this is; undefined for every cluster. */
  cluster?: string;
  /** Absolute path of a local folder (exclusive with `url`). */
  path?: string;
  /** Repository URL read through the backend's URL reader (exclusive with `path`). */
  url?: string;
}

/**
 * Reads `istioMesh.gitops`: a list of `{ name, cluster?, path?, url? }` with
 * exactly one of `path` and `url`. Relative paths are resolved against
 * `baseDir`, the folder of the config file. Invalid entries throw an error
 * naming the entry and the field, e.g.
 * `istioMesh.gitops[1]: set either path or url, not both`.
 */
export function readGitopsConfig(
  config: Config,
  baseDir: string,
): GitopsSourceConfig[] {
  const entries = config.getOptionalConfigArray('istioMesh.gitops') ?? [];
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const at = `istioMesh.gitops[${index}]`;
    const name = entry.getString('name').trim();
    if (!name) {
      throw new Error(`${at}.name must not be empty`);
    }
    if (names.has(name)) {
      throw new Error(`${at}.name: another GitOps source is named ${name}`);
    }
    names.add(name);
    const cluster = entry.getOptionalString('cluster');
    if (cluster !== undefined && !cluster.trim()) {
      throw new Error(
        `${at}.cluster must not be empty; leave it out for every cluster`,
      );
    }
    const path = entry.getOptionalString('path');
    const url = entry.getOptionalString('url');
    if (path !== undefined && url !== undefined) {
      throw new Error(`${at}: set either path or url, not both`);
    }
    if (path === undefined && url === undefined) {
      throw new Error(`${at}: set path (a local folder) or url (a repository)`);
    }
    if (path !== undefined && !path.trim()) {
      throw new Error(`${at}.path must not be empty`);
    }
    if (url !== undefined && !URL.canParse(url)) {
      throw new Error(`${at}.url is not a valid URL: ${url}`);
    }
    return {
      name,
      ...(cluster !== undefined ? { cluster } : {}),
      ...(path !== undefined
        ? { path: isAbsolute(path) ? path : resolve(baseDir, path) }
        : { url }),
    };
  });
}
