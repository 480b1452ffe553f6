import { assertDuration, durationMilliseconds } from './durations';

describe('durations', () => {
  it('reads Go-style durations as Istio accepts them', () => {
    expect(durationMilliseconds('10s')).toBe(10_000);
    expect(durationMilliseconds('1m30s')).toBe(90_000);
    expect(durationMilliseconds('1.5s')).toBe(1_500);
    expect(durationMilliseconds('250ms')).toBe(250);
    expect(durationMilliseconds('1h')).toBe(3_600_000);
    expect(durationMilliseconds('10')).toBeUndefined();
    expect(durationMilliseconds('ten seconds')).toBeUndefined();
    expect(durationMilliseconds('-1s')).toBeUndefined();
  });

  it('refuses what is not a duration, or shorter than 1ms, naming the field', () => {
    expect(assertDuration('2s', 'retries.perTryTimeout')).toBe(2_000);
    expect(() => assertDuration('2', 'retries.perTryTimeout')).toThrow(
      `Invalid input "retries.perTryTimeout": "2" is not a duration: write a number and a unit, e.g. '10s', '250ms' or '1m30s'`,
    );
    expect(() => assertDuration('0s', 'timeout')).toThrow(
      'Invalid input "timeout": "0s" is shorter than 1ms',
    );
  });
});
