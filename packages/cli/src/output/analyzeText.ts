import { styleText } from 'node:util';
import { AnalyzerMessage } from '@istio-mesh/plugin-istio-mesh-common';

const LEVEL_STYLE = { Error: 'red', Warning: 'yellow', Info: 'cyan' } as const;

/**
 * Analyzer messages for people: grouped by resource, one line per message
 * with its code and level, then a one-line count.
 */
export function formatAnalyzeText(
  messages: AnalyzerMessage[],
  options: { colour: boolean },
): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    options.colour ? styleText(style, text, { validateStream: false }) : text;
  if (messages.length === 0) {
    return `${paint(
      'green',
      '✔',
    )} No validation issues found when analyzing the given manifests.\n`;
  }
  const groups = new Map<string, AnalyzerMessage[]>();
  for (const message of messages) {
    const resource = `${message.kind} ${
      message.namespace ? `${message.namespace}/` : ''
    }${message.name}`;
    groups.set(resource, [...(groups.get(resource) ?? []), message]);
  }
  const lines: string[] = [];
  for (const [resource, group] of groups) {
    const where = group[0].location
      ? `  (${group[0].location.file}${
          group[0].location.line ? `:${group[0].location.line}` : ''
        })`
      : '';
    lines.push(`${paint('bold', resource)}${where}`);
    for (const message of group) {
      const level = paint(LEVEL_STYLE[message.level], message.level.padEnd(7));
      const path = message.path ? paint('dim', ` [${message.path}]`) : '';
      lines.push(`  ${level} ${message.code} ${message.message}${path}`);
    }
  }
  const count = (level: AnalyzerMessage['level']) =>
    messages.filter(m => m.level === level).length;
  lines.push(
    '',
    `${messages.length} message(s) on ${groups.size} resource(s): ${count(
      'Error',
    )} error(s), ${count('Warning')} warning(s), ${count('Info')} info`,
  );
  return `${lines.join('\n')}\n`;
}
