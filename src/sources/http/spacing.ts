import { sleep as realSleep } from '../../retry.js';

/**
 * Keeps at least `spacingMs` between the starts of two requests to the same host, across every KPI and
 * day of the run: each request reserves the next free slot of its host, then waits for it.
 */
export class HostSpacing {
  private readonly next = new Map<string, number>();

  constructor(
    private readonly spacingMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = realSleep,
  ) {}

  async wait(host: string, signal?: AbortSignal): Promise<void> {
    if (this.spacingMs <= 0) return;
    const now = this.now();
    const slot = Math.max(now, this.next.get(host) ?? 0);
    this.next.set(host, slot + this.spacingMs);
    if (slot > now) await this.sleep(slot - now, signal);
  }
}
