import { apiGroupOf } from '../resources/objects';
import {
  AnalyzedObject,
  Analyzer,
  AnalyzerContext,
  AnalyzerMessage,
} from './types';
import { MESSAGE_CATALOG } from './messageCatalog';
import { ISTIO_MESH_MESSAGES, messageType } from './istioMeshMessages';
import { ExplicitMeshSettings } from '../meshConfig/meshConfiguration';
import { formatMessage } from './formatMessage';
import { DEFAULT_MESH_CONFIG, MeshConfig } from './meshConfig';
import { isSuppressed, Suppression } from './suppression';

/**
 * Options of {@link runAnalyzers}.
 *
 * @public
 */
export interface RunAnalyzersOptions {
  analyzers: Analyzer[];
  meshConfig?: MeshConfig;
  /**
   * Mesh configuration set explicitly (flags, config keys), for the
   * findings that compare it with the inputs.
   */
  meshSettings?: ExplicitMeshSettings;
  suppressions?: Suppression[];
}

/**
 * Documentation of a message code: istioctl's page on istio.io, or for this
 * project's `ISM` codes their section of docs/findings.md in the
 * repository (a relative reference).
 *
 * @public
 */
export function messageDocumentationUrl(code: string): string {
  if (code in ISTIO_MESH_MESSAGES) {
    return `docs/findings.md#${code.toLowerCase()}`;
  }
  return `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;
}

const LEVEL_ORDER = { Error: 0, Warning: 1, Info: 2 } as const;

// istioctl leaves objects in these namespaces out of every analysis.
const IGNORED_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]);

/**
 * Runs analyzers over objects and returns their messages, suppressions
 * applied, sorted by resource then code. Objects in Kubernetes' system
 * namespaces are left out, as istioctl leaves them out. An analyzer that throws yields an
 * IST0001 InternalError message instead of stopping the run.
 *
 * @public
 */
export function runAnalyzers(
  objects: AnalyzedObject[],
  options: RunAnalyzersOptions,
): AnalyzerMessage[] {
  const meshConfig = options.meshConfig ?? DEFAULT_MESH_CONFIG;
  const included = objects.filter(
    entry => !IGNORED_NAMESPACES.has(entry.object.metadata.namespace ?? ''),
  );
  const byKind = new Map<string, AnalyzedObject[]>();
  for (const entry of included) {
    const key = `${apiGroupOf(entry.object.apiVersion)}/${entry.object.kind}`;
    const list = byKind.get(key);
    if (list) list.push(entry);
    else byKind.set(key, [entry]);
  }

  const messages: AnalyzerMessage[] = [];
  for (const analyzer of options.analyzers) {
    const context: AnalyzerContext = {
      meshConfig,
      meshSettings: options.meshSettings ?? {},
      all: () => included,
      list: (group, kind) => byKind.get(`${group}/${kind}`) ?? [],
      report(code, target, args, path = '') {
        const type = messageType(code);
        if (!type) throw new Error(`unknown message code ${code}`);
        const { kind, metadata } = target.object;
        const message: AnalyzerMessage = {
          code,
          level: type.level,
          kind,
          namespace: metadata.namespace ?? '',
          name: metadata.name,
          message: formatMessage(type.template, args),
          path,
          analyzer: analyzer.name,
          ...(target.location
            ? {
                location: {
                  ...target.location,
                  ...(path && target.lineOfPath?.(path)
                    ? { line: target.lineOfPath(path) }
                    : {}),
                },
              }
            : {}),
          documentationUrl: messageDocumentationUrl(code),
        };
        if (!isSuppressed(message, target.object, options.suppressions ?? [])) {
          messages.push(message);
        }
      },
    };
    try {
      analyzer.analyze(context);
    } catch (error) {
      messages.push({
        code: 'IST0001',
        level: 'Error',
        kind: 'Analyzer',
        namespace: '',
        name: analyzer.name,
        message: formatMessage(MESSAGE_CATALOG.IST0001.template, [
          (error as Error).message,
        ]),
        path: '',
        analyzer: analyzer.name,
        documentationUrl: messageDocumentationUrl('IST0001'),
      });
    }
  }
  return messages.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name) ||
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      a.code.localeCompare(b.code) ||
      a.path.localeCompare(b.path),
  );
}
