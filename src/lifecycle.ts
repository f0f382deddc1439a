import type { RunReport } from './engine.js';

/** Why a finished run failed, or undefined when everything was collected and written. */
export function runFailure(report: RunReport): string | undefined {
  if (report.cancelled)
    return `cancelled: ${report.unwrittenDays.length} day(s) not written; see the summary`;
  if (report.writeErrors.length > 0) {
    const saved = report.savedDir ? `; rows saved under ${report.savedDir}` : '';
    return `storage failed for ${report.unwrittenDays.length} day(s): ${report.writeErrors[0]}${saved}`;
  }
  if (report.failed.length > 0) {
    return `${report.failed.length} KPI(s) failed: ${report.failed.join(', ')}; the others were written`;
  }
  return undefined;
}

/**
 * Turns SIGTERM/SIGINT (a cancelled job) into an abort: collection stops, nothing more is written, the
 * summary says what was not collected. A second signal, or 10 s without finishing, exits at once.
 */
export function onTermination(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(1);
    controller.abort(new Error(`cancelled by ${sig}`));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
