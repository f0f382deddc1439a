import type { Logger } from './log.js';

/**
 * Progress lines for long collections: at most one line per interval, saying what the KPI last reported
 * (`done/total unit`), or that it is still collecting when it reports nothing, so a long backfill never
 * looks hung in the log.
 */
export class Progress {
  private readonly started: number;
  private lastLine: number;
  private latest?: { done: number; total: number; unit: string };
  private printed?: { done: number; total: number; unit: string };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.started = this.lastLine = now();
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Records progress; prints it when the last line is at least an interval old. */
  report(done: number, total: number, unit: string): void {
    this.latest = { done, total, unit };
    this.tick();
  }

  /** Prints a line when one is due: the latest progress if it moved, else a heartbeat. */
  tick(): void {
    if (this.now() - this.lastLine < this.intervalMs) return;
    const p = this.latest;
    if (p && p !== this.printed) {
      this.printed = p;
      const pct = p.total > 0 ? ` (${Math.floor((100 * p.done) / p.total)} %)` : '';
      this.line(`${p.done}/${p.total} ${p.unit}${pct}`);
    } else {
      this.line('still collecting');
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private line(what: string): void {
    this.lastLine = this.now();
    this.log.info(`${this.label}: ${what}, ${Math.round((this.lastLine - this.started) / 1000)} s`);
  }
}
