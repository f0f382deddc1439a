import { dayWindows } from '../../src/dates.js';
import { MemoryLogger } from '../../src/log.js';
import { collectHttpKpi, compileKpi } from '../../src/sources/http/collect.js';
import type { HttpRun } from '../../src/sources/http/client.js';
import { httpSettingsSchema } from '../../src/sources/http/config.js';
import { HostSpacing } from '../../src/sources/http/spacing.js';

export interface Collected {
  /** `date component` -> value */
  values: Record<string, number>;
  log: MemoryLogger;
  error?: string;
  run: HttpRun;
  sleeps: number[];
}

/**
 * Collects the KPIs of a `sources.http` block (as the config holds it) over an inclusive date range,
 * with a sleep that records what it was asked to wait instead of waiting.
 */
export async function collect(
  settings: Record<string, unknown>,
  range: { start: string; end: string; timeZone: string },
  secrets: Record<string, string> = {},
): Promise<Collected[]> {
  const parsed = httpSettingsSchema.parse(settings);
  const windows = dayWindows(range.start, range.end, range.timeZone);
  const out: Collected[] = [];
  for (const cfg of parsed.kpis) {
    const log = new MemoryLogger();
    const sleeps: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      sleeps.push(ms);
    };
    const run: HttpRun = {
      settings: parsed,
      secrets: new Map(Object.entries(secrets)),
      spacing: new HostSpacing(parsed.request_spacing_ms, Date.now, sleep),
      stats: { requests: 0, retries: 0, pages: 0 },
      log,
      sleep,
      retryBaseMs: 1,
    };
    const values: Record<string, number> = {};
    let error: string | undefined;
    try {
      await collectHttpKpi(await compileKpi(cfg), {
        run,
        windows,
        timeZone: range.timeZone,
        add: (date, component, value) => {
          const k = `${date} ${component}`;
          values[k] = (values[k] ?? 0) + value;
        },
        log,
        signal: new AbortController().signal,
      });
    } catch (e) {
      error = (e as Error).message;
    }
    out.push({ values, log, error, run, sleeps });
  }
  return out;
}
