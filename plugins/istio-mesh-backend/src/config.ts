import { isAbsolute, dirname, resolve } from 'path';
import { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { targetPaths } from '@backstage/cli-common';

/** A configured cluster snapshot file. */
export interface ClusterSnapshotConfig {
  cluster: string;
  path: string;
}

/** The plugin's configuration, read once at start-up. */
export interface IstioMeshConfig {
  clusterSnapshots: ClusterSnapshotConfig[];
  rootNamespace: string;
  cacheSeconds: number;
}

/**
 * The folder relative snapshot paths are resolved against: that of the
 * first `--config` file the backend was started with, else the repository
 * root, where Backstage looks for app-config.yaml by default.
 */
export function configDirectory(argv: string[] = process.argv): string {
  const [first] = ConfigSources.parseArgs(argv).filter(t => t.type === 'path');
  return first ? dirname(resolve(first.target)) : targetPaths.rootDir;
}

/** Reads and checks `istioMesh` config; invalid values throw naming the key. */
export function readIstioMeshConfig(
  config: Config,
  baseDirectory: string = configDirectory(),
): IstioMeshConfig {
  const mesh = config.getOptionalConfig('istioMesh');
  const clusterSnapshots = (
    mesh?.getOptionalConfigArray('clusterSnapshots') ?? []
  ).map(entry => {
    const path = entry.getString('path');
    return {
      cluster: entry.getString('cluster'),
      path: isAbsolute(path) ? path : resolve(baseDirectory, path),
    };
  });
  const cacheSeconds = mesh?.getOptionalNumber('cacheSeconds') ?? 30;
  if (cacheSeconds < 0) {
    throw new Error('istioMesh.cacheSeconds must not be negative');
  }
  return {
    clusterSnapshots,
    rootNamespace: mesh?.getOptionalString('rootNamespace') ?? 'istio-system',
    cacheSeconds,
  };
}
