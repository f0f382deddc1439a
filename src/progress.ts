import type { Logger } from './log.js';

/**
 * Progress lines for long collections: what a KPI reports (`done/total unit`), at most one line per
 * interval, and a heartbeat when a KPI has said nothing for an interval, so a long backfill never looks
 * hung in the log.
 */
export class Progress {
  private readonly started: number;
  private lastLine: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly label: string,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.started = this.lastLine = now();
    this.timer = setInterval(() => {
      if (this.now() - this.lastLine >= this.intervalMs) this.line('still collecting');
    }, intervalMs);
    this.timer.unref();
  }

  report(done: number, total: number, unit: string): void {
    if (this.now() - this.lastLine < this.intervalMs) return;
    const pct = total > 0 ? ` (${Math.floor((100 * done) / total)} %)` : '';
    this.line(`${done}/${total} ${unit}${pct}`);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private line(what: string): void {
    this.lastLine = this.now();
    this.log.info(`${this.label}: ${what}, ${Math.round((this.lastLine - this.started) / 1000)} s`);
  }
}
