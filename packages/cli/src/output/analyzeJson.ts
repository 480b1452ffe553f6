import { AnalyzerMessage } from '@istio-mesh/plugin-istio-mesh-common';

/** `{"messages":[{code, level, kind, namespace, name, message, path}]}`. */
export function formatAnalyzeJson(messages: AnalyzerMessage[]): string {
  const out = messages.map(m => ({
    code: m.code,
    level: m.level,
    kind: m.kind,
    namespace: m.namespace,
    name: m.name,
    message: m.message,
    path: m.path,
  }));
  return `${JSON.stringify({ messages: out }, null, 2)}\n`;
}
