import { formatAge } from './formatAge';

describe('formatAge', () => {
  it.each([
    [undefined, '—'],
    [0, '0s'],
    [12, '12s'],
    [59.9, '59s'],
    [60, '1m'],
    [3599, '59m'],
    [7200, '2h'],
    [3 * 86400 + 5, '3d'],
  ])('formats %p as %p', (seconds, expected) => {
    expect(formatAge(seconds)).toBe(expected);
  });
});
