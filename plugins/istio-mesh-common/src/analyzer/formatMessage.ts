/**
 * Fills a Go-style message template: `%s` and `%v` print the value, `%q`
 * a double-quoted string, `%d` a number; `%%` is a percent sign.
 *
 * @public
 */
export function formatMessage(template: string, args: unknown[]): string {
  let next = 0;
  return template.replace(/%([svqd%])/g, (_match, verb: string) => {
    if (verb === '%') return '%';
    const value = args[next++];
    if (verb === 'q') return JSON.stringify(String(value));
    if (Array.isArray(value)) return `[${value.join(' ')}]`;
    return String(value);
  });
}
