import { createTwoFilesPatch } from 'diff';

/**
 * A unified diff of one file for the review step (`diff` fenced block):
 * the hunks only, without the `Index:` banner; empty when nothing changed.
 * A file that did not exist is diffed against nothing.
 */
export function reviewDiff(
  path: string,
  before: string | undefined,
  after: string,
): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(
    before === undefined ? '/dev/null' : `a/${path}`,
    `b/${path}`,
    before ?? '',
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  return patch.replace(/^(Index:[^\n]*\n)?=+\n/, '');
}
