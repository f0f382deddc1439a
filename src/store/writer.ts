import type { StoredRow } from './csv.js';
import { formatCsv, parseCsv } from './csv.js';
import { objectKey } from './layout.js';
import { ConflictError, type ObjectStore } from './object-store.js';

export interface DayWriteResult {
  date: string;
  /** Where the object was written (s3://… or a path). */
  location: string;
  /** Rows of this run's KPIs in the object. */
  written: number;
  /** Rows kept from earlier runs (KPIs this run did not collect). */
  kept: number;
  /** How many times a concurrent change forced a fresh read-merge-write. */
  conflicts: number;
}

const MAX_CONFLICT_RETRIES = 8;

/** True when the variable belongs to one of the KPIs (`<kpi id>.<component>`). */
function belongsTo(variable: string, kpiIds: ReadonlySet<string>): boolean {
  const cut = variable.lastIndexOf('.');
  return cut > 0 && kpiIds.has(variable.slice(0, cut));
}

/**
 * Writes one source and day: reads the current object, drops the rows of the KPIs this run collected,
 * adds the new ones and writes the whole object back, conditional on it being unchanged. Rows of other
 * KPIs are kept, so a re-run with a subset of KPIs replaces only those.
 */
export async function writeDay(
  store: ObjectStore,
  prefix: string,
  source: string,
  date: string,
  rows: readonly StoredRow[],
  collectedKpis: ReadonlySet<string>,
): Promise<DayWriteResult> {
  const key = objectKey(prefix, source, date);
  for (let attempt = 0; ; attempt++) {
    const current = await store.get(key);
    const existing = current ? parseCsv(current.body, store.describe(key)) : [];
    const kept = existing.filter(
      (r) => r.date === date && r.source === source && !belongsTo(r.variable, collectedKpis),
    );
    const merged = [...kept, ...rows].sort((a, b) =>
      a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0,
    );
    const seen = new Set<string>();
    for (const r of merged) {
      if (seen.has(r.variable))
        throw new Error(`${store.describe(key)}: ${r.variable} would be stored twice`);
      seen.add(r.variable);
    }
    let body: string;
    try {
      body = formatCsv(merged);
    } catch (e) {
      throw new Error(`${store.describe(key)}: ${(e as Error).message}; fix or remove the object`, {
        cause: e,
      });
    }
    try {
      await store.put(key, body, current?.version);
      return {
        date,
        location: store.describe(key),
        written: rows.length,
        kept: kept.length,
        conflicts: attempt,
      };
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** Math.min(attempt, 5)));
    }
  }
}
