import { describeLookback, formatDuration } from './describeLookback';

describe('describeLookback', () => {
  it.each([
    ['1h', 'the last hour'],
    ['30m', 'the last 30 minutes'],
    ['2h', 'the last 2 hours'],
    ['1d', 'the last day'],
    ['90s', 'the last 90 seconds'],
    ['1h30m', 'the last 1h30m'],
  ])('says %s as "%s"', (lookback, words) => {
    expect(describeLookback(lookback)).toBe(words);
  });
});

describe('formatDuration', () => {
  it.each([
    [0.42, '0.42 ms'],
    [245.4, '245 ms'],
    [1234, '1.23 s'],
  ])('writes %d ms as "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
