import { Config } from '@backstage/config';
import { readSourceEndpoint, SourceAuth, SourceTls } from './sourceAuth';

/** What every HTTP source entry (`istioMesh.prometheus[]`, `istioMesh.jaeger[]`) has. */
export interface HttpSourceEntry {
  /** Unique among the entries of its key; the source's id is `<type>:<name>`. */
  name: string;
  /** Base URL without a trailing slash. */
  url: string;
  /** Clusters it covers; undefined for every cluster. */
  clusters?: string[];
  auth: SourceAuth;
  tls?: SourceTls;
  /** Largest answer to one request. */
  maxResponseBytes: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Reads the entries under `key` (e.g. `istioMesh.jaeger`): the fields every
 * HTTP source has, checked the same way for each, and what `readOwn` reads
 * of the entry's own fields. `label` names the upstream in errors
 * ("another Jaeger is named homelab"). Invalid entries throw naming the key.
 */
export function readHttpSources<T extends object>(
  config: Config,
  options: {
    key: string;
    label: string;
    baseDir: string;
    readOwn: (entry: Config, at: string) => T;
  },
): Array<HttpSourceEntry & T> {
  const { key, label, baseDir, readOwn } = options;
  const entries = config.getOptionalConfigArray(key) ?? [];
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const at = `${key}[${index}]`;
    const name = entry.getString('name').trim();
    if (!name) throw new Error(`${at}.name must not be empty`);
    if (names.has(name)) {
      throw new Error(`${at}.name: another ${label} is named ${name}`);
    }
    names.add(name);
    const endpoint = readSourceEndpoint(entry, at, baseDir);
    const clusters = entry.getOptionalStringArray('clusters');
    if (clusters && clusters.length === 0) {
      throw new Error(
        `${at}.clusters must not be empty; leave it out for every cluster`,
      );
    }
    const own = readOwn(entry, at);
    const maxResponseBytes =
      entry.getOptionalNumber('maxResponseBytes') ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1) {
      throw new Error(`${at}.maxResponseBytes must be a positive whole number`);
    }
    return {
      name,
      ...endpoint,
      ...(clusters ? { clusters } : {}),
      ...own,
      maxResponseBytes,
    };
  });
}
