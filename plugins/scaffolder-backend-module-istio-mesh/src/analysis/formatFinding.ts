import { AnalyzerMessage } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * One analyzer message on one line, as a task log or error shows it:
 * `IST0101 error VirtualService boutique-dev/frontend
 * (apps/base/frontend/virtualservice.yaml:12): Referenced host not found: "frontend-v3"`.
 */
export function formatFinding(message: AnalyzerMessage): string {
  const resource = [
    message.kind,
    `${message.namespace ? `${message.namespace}/` : ''}${message.name}`,
  ]
    .filter(Boolean)
    .join(' ');
  const where = message.location
    ? ` (${message.location.file}${
        message.location.line ? `:${message.location.line}` : ''
      })`
    : '';
  return `${message.code} ${message.level.toLowerCase()} ${resource}${where}: ${
    message.message
  }`;
}
