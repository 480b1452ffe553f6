import { LoggerService } from '@backstage/backend-plugin-api';
import { RefreshResult } from './MeshRefresh';

/** How often, and for how long after start-up, an empty refresh is retried. */
export const WARMUP_RETRY = { intervalMs: 15_000, forMs: 5 * 60_000 };

/**
 * A backend that has just started often refreshes before the catalog has
 * ingested anything: that refresh finds no entity, and without this the
 * compliance list stays empty until the next scheduled run, minutes later.
 * Until one refresh has found an entity, this triggers the refresh again
 * every 15 seconds, for at most 5 minutes after start-up.
 */
export class CatalogWarmupRetry {
  private readonly startedAt: number;
  private warm = false;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly deps: {
      /** Starts the refresh task now (the scheduler's `triggerTask`). */
      trigger: () => Promise<void>;
      logger: LoggerService;
      intervalMs?: number;
      forMs?: number;
      now?: () => number;
    },
  ) {
    this.startedAt = this.now();
  }

  /** Called after each refresh with what it did. */
  afterRun(result: RefreshResult): void {
    if (this.warm) return;
    if (result.entities > 0 || result.skipped !== undefined) {
      // Entities found, or states already stored: the catalog is ingested.
      this.warm = true;
      this.stop();
      return;
    }
    const intervalMs = this.deps.intervalMs ?? WARMUP_RETRY.intervalMs;
    const forMs = this.deps.forMs ?? WARMUP_RETRY.forMs;
    if (this.now() + intervalMs - this.startedAt > forMs) {
      this.deps.logger.info(
        `The catalog still has no Component or Resource ${Math.round(
          (this.now() - this.startedAt) / 1000,
        )}s after start-up; the mesh state is refreshed on schedule from now on`,
      );
      this.warm = true;
      return;
    }
    if (this.timer) return;
    this.deps.logger.info(
      `The catalog has no Component or Resource yet; refreshing the mesh state again in ${
        intervalMs / 1000
      }s`,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.deps.trigger().catch(error => {
        // Already running, here or on another replica: that run does the
        // work this retry would have done.
        this.deps.logger.debug(
          `Could not trigger the mesh state refresh: ${error}`,
        );
      });
    }, intervalMs);
    // A pending retry never keeps the process alive.
    this.timer.unref?.();
  }

  /** Cancels a pending retry, e.g. on shutdown. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }
}
