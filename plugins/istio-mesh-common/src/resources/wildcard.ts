/**
 * Whether `value` matches a pattern in which `*` stands for any characters
 * (none included). Linear in the lengths: the literal parts between stars
 * are found left to right, the first anchored at the start and the last at
 * the end, so no pattern can make it backtrack.
 *
 * @public
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === value;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (const part of parts.slice(1, -1)) {
    if (part === '') continue;
    const found = value.indexOf(part, position);
    if (found < 0 || found + part.length > end) return false;
    position = found + part.length;
  }
  return true;
}

/**
 * A string without the characters at its end that `trailing` accepts, by
 * a loop rather than a regular expression anchored at the end, whose cost
 * can grow with the square of the input.
 *
 * @public
 */
export function trimEnd(text: string, trailing: (char: string) => boolean) {
  let end = text.length;
  while (end > 0 && trailing(text[end - 1])) end--;
  return text.slice(0, end);
}
