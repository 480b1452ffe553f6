import { mockServices } from '@backstage/backend-test-utils';
import { CatalogWarmupRetry } from './CatalogWarmupRetry';

const empty = { entities: 0, removed: 0, prunedHistoryRows: 0 };
const found = { entities: 12, removed: 0, prunedHistoryRows: 0 };

describe('CatalogWarmupRetry', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function warmup() {
    let clock = 0;
    const trigger = jest.fn(async () => {});
    const retry = new CatalogWarmupRetry({
      trigger,
      logger: mockServices.logger.mock(),
      now: () => clock,
    });
    const advance = (ms: number) => {
      clock += ms;
      jest.advanceTimersByTime(ms);
    };
    return { retry, trigger, advance };
  }

  it('triggers the refresh again 15 s after one that found no entity', () => {
    const { retry, trigger, advance } = warmup();
    retry.afterRun(empty);
    advance(14_999);
    expect(trigger).not.toHaveBeenCalled();
    advance(1);
    expect(trigger).toHaveBeenCalledTimes(1);
  });

  it('stops retrying once a refresh has found entities', () => {
    const { retry, trigger, advance } = warmup();
    retry.afterRun(empty);
    advance(15_000);
    retry.afterRun(found);
    retry.afterRun(empty);
    advance(60_000);
    expect(trigger).toHaveBeenCalledTimes(1);
  });

  it('takes a refresh that kept stored states for a warm catalog', () => {
    const { retry, trigger, advance } = warmup();
    retry.afterRun({ ...empty, skipped: 'the catalog returned nothing' });
    advance(60_000);
    expect(trigger).not.toHaveBeenCalled();
  });

  it('gives up 5 minutes after start-up', () => {
    const { retry, trigger, advance } = warmup();
    for (let run = 0; run < 30; run++) {
      retry.afterRun(empty);
      advance(15_000);
    }
    // Retries start at 15 s, 30 s, …, 5 min; one at 5 min 15 s would not.
    expect(trigger).toHaveBeenCalledTimes(20);
  });

  it('keeps one pending retry when refreshes end close together', () => {
    const { retry, trigger, advance } = warmup();
    retry.afterRun(empty);
    retry.afterRun(empty);
    advance(15_000);
    expect(trigger).toHaveBeenCalledTimes(1);
  });

  it('cancels the pending retry on stop', () => {
    const { retry, trigger, advance } = warmup();
    retry.afterRun(empty);
    retry.stop();
    advance(15_000);
    expect(trigger).not.toHaveBeenCalled();
  });
});
