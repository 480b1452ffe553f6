import { relative } from 'node:path';
import {
  AnalyzerMessage,
  MESSAGE_CATALOG,
  messageDocumentationUrl,
} from '@istio-mesh/plugin-istio-mesh-common';

const SARIF_LEVEL = {
  Error: 'error',
  Warning: 'warning',
  Info: 'note',
} as const;

/**
 * SARIF 2.1.0, so that code scanning annotates the manifest lines: one rule
 * per message code, one result per message with its file and line (relative
 * to `baseDirectory`, the repository root in CI).
 */
export function formatAnalyzeSarif(
  messages: AnalyzerMessage[],
  options: { baseDirectory: string; version: string },
): string {
  const codes = [...new Set(messages.map(m => m.code))].sort();
  const rules = codes.map(code => {
    const type = MESSAGE_CATALOG[code];
    return {
      id: code,
      name: type?.name ?? code,
      shortDescription: { text: type?.description ?? code },
      helpUri: messageDocumentationUrl(code),
      defaultConfiguration: { level: SARIF_LEVEL[type?.level ?? 'Error'] },
    };
  });
  const results = messages.map(m => ({
    ruleId: m.code,
    ruleIndex: codes.indexOf(m.code),
    level: SARIF_LEVEL[m.level],
    message: {
      text: `${m.kind} ${m.namespace ? `${m.namespace}/` : ''}${m.name}: ${
        m.message
      }`,
    },
    ...(m.location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: {
                  uri: relative(options.baseDirectory, m.location.file)
                    .split('\\')
                    .join('/'),
                },
                ...(m.location.line
                  ? { region: { startLine: m.location.line } }
                  : {}),
              },
              ...(m.path
                ? {
                    logicalLocations: [
                      { fullyQualifiedName: m.path, kind: 'member' },
                    ],
                  }
                : {}),
            },
          ],
        }
      : {}),
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'istio-mesh',
            version: options.version,
            informationUri:
              'https://istio.io/latest/docs/reference/config/analysis/',
            rules,
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
