import { mapLimit } from '../concurrency.js';
import { addDays } from '../dates.js';
import { UserError } from '../errors.js';
import { isVariableOf, parseCsv } from '../store/csv.js';
import { OBJECT_NAME } from '../store/layout.js';
import type { ObjectStore } from '../store/object-store.js';

/** Stored values of one source: date → variable → value. Dates without an object are absent (gaps). */
export type SourceDays = Map<string, Map<string, number>>;

export interface ReadOptions {
  /** GETs in flight at once (default 16). */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 16;

/** `<prefix>/<rest>`, or `<rest>` when the layout sits at the root of the store. */
function underPrefix(prefix: string, rest: string): string {
  return prefix ? `${prefix}/${rest}` : rest;
}

/**
 * Reads the stored days in [from, to] of the given sources (default: every source found under the prefix):
 * source → date → variable → value. A source asked for without data maps to an empty Map.
 *
 * Requests: LIST `<prefix>/` once (or `<prefix>/source=<s>/` per source asked for; a page per 1,000 objects),
 * then one GET per day in range that has an object, `concurrency` at a time. One GET per (source, date) in
 * range without listing would cost a request per day asked for, stored or not; listing costs at most one more
 * request per 1,000 stored objects, saves one per missing day, finds the sources, and is the only way to see
 * a second object in a partition. Nothing outside the range is downloaded.
 *
 * A day stored twice is an error naming the objects: a second CSV in a day's partition (a hand copy such as
 * `kpis (1).csv`), an object whose rows carry another date or source than its partition (an object copied
 * to another day), or a variable twice in one object.
 */
export async function readStore(
  store: ObjectStore,
  prefix: string,
  from: string,
  to: string,
  options: ReadOptions & { sources?: readonly string[] } = {},
): Promise<Map<string, SourceDays>> {
  const keys = options.sources
    ? (await Promise.all(options.sources.map((s) => store.list(underPrefix(prefix, `source=${s}`))))).flat()
    : await store.list(prefix);
  const top = prefix ? `${prefix}/` : '';
  /** source → date → every CSV object in that partition */
  const partitions = new Map<string, Map<string, string[]>>();
  for (const s of options.sources ?? []) partitions.set(s, new Map());
  for (const key of keys) {
    if (!key.startsWith(top)) continue;
    const m = /^source=([a-z0-9_]+)\/date=(\d{4}-\d{2}-\d{2})\/([^/]+\.csv)$/.exec(key.slice(top.length));
    if (!m) continue;
    const [, source, date] = m as unknown as [string, string, string];
    let byDate = partitions.get(source);
    if (!byDate) partitions.set(source, (byDate = new Map()));
    const list = byDate.get(date) ?? [];
    list.push(key);
    byDate.set(date, list);
  }

  const wanted: Array<{ source: string; date: string; key: string }> = [];
  for (const [source, byDate] of partitions) {
    for (const [date, objects] of byDate) {
      if (date < from || date > to) continue;
      if (objects.length > 1) {
        throw new UserError(
          `${source} ${date} is stored twice: ${objects.map((k) => store.describe(k)).join(' and ')}; ` +
            `keep only ${OBJECT_NAME} in that folder`,
        );
      }
      const key = objects[0]!;
      if (!key.endsWith(`/${OBJECT_NAME}`)) {
        throw new UserError(
          `${store.describe(key)} is not named ${OBJECT_NAME}; rename it so every reader sees the same day`,
        );
      }
      wanted.push({ source, date, key });
    }
  }

  const read = new Map<string, Map<string, number>>(); // key → values
  await mapLimit(wanted, options.concurrency ?? DEFAULT_CONCURRENCY, async ({ source, date, key }) => {
    const object = await store.get(key);
    if (!object) return; // deleted between LIST and GET: a gap
    const values = new Map<string, number>();
    for (const row of parseCsv(object.body, store.describe(key))) {
      if (row.date !== date || row.source !== source) {
        const other = partitions.get(row.source)?.get(row.date)?.[0];
        if (other) {
          throw new UserError(
            `${row.source} ${row.date} is stored twice: ${store.describe(other)} and ${store.describe(key)} ` +
              `(a copy in the partition of ${source} ${date}); remove the copy`,
          );
        }
        throw new UserError(
          `${store.describe(key)} holds rows of ${row.source} ${row.date}, not of its partition ` +
            `${source} ${date}; a copied object? fix or remove it`,
        );
      }
      if (!isVariableOf(source, row.variable)) {
        // What the writer never writes (a hand edit, another tool): refused, so no crafted text reaches a
        // report (a formula cell in csv, markup in html). Shown cut and JSON-quoted, control characters escaped.
        throw new UserError(
          `${store.describe(key)}: the variable ${JSON.stringify(row.variable.slice(0, 80))} is not a ` +
            `dotted lowercase id of source ${source} (${source}.<kpi>.<component>); fix or remove that row`,
        );
      }
      if (values.has(row.variable)) {
        throw new UserError(`${store.describe(key)}: ${row.variable} is stored twice; remove one row`);
      }
      values.set(row.variable, row.value);
    }
    read.set(key, values);
  });

  // Maps in date order, whatever order the GETs finished in.
  const out = new Map<string, SourceDays>();
  for (const source of [...partitions.keys()].sort()) out.set(source, new Map());
  wanted.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const w of wanted) {
    const values = read.get(w.key);
    if (values) out.get(w.source)!.set(w.date, values);
  }
  return out;
}

/** What the store holds of one source: its first and last stored day and how many days it has. */
export interface Holding {
  source: string;
  first: string;
  last: string;
  days: number;
}

/**
 * The sources under the prefix (or those asked for) with their first and last stored day, from one LIST per
 * source asked for (or of the prefix): what a report over an empty range says the store does hold.
 */
export async function storeHoldings(
  store: ObjectStore,
  prefix: string,
  sources?: readonly string[],
): Promise<Holding[]> {
  const keys = sources
    ? (await Promise.all(sources.map((s) => store.list(underPrefix(prefix, `source=${s}`))))).flat()
    : await store.list(prefix);
  const top = prefix ? `${prefix}/` : '';
  const dates = new Map<string, Set<string>>();
  for (const key of keys) {
    if (!key.startsWith(top)) continue;
    const m = /^source=([a-z0-9_]+)\/date=(\d{4}-\d{2}-\d{2})\/[^/]+\.csv$/.exec(key.slice(top.length));
    if (!m) continue;
    let set = dates.get(m[1]!);
    if (!set) dates.set(m[1]!, (set = new Set()));
    set.add(m[2]!);
  }
  return [...dates.keys()].sort().map((source) => {
    const sorted = [...dates.get(source)!].sort();
    return { source, first: sorted[0]!, last: sorted[sorted.length - 1]!, days: sorted.length };
  });
}

/**
 * The stored values of one source for the `days` days ending on endDate (inclusive), for a trend in the
 * job summary: date → variable → value; missing days are absent.
 */
export async function readRecentDays(
  store: ObjectStore,
  prefix: string,
  source: string,
  endDate: string,
  days: number,
): Promise<Map<string, Map<string, number>>> {
  if (!Number.isInteger(days) || days < 1) throw new Error(`readRecentDays: days must be a positive integer`);
  const read = await readStore(store, prefix, addDays(endDate, 1 - days), endDate, { sources: [source] });
  return read.get(source)!;
}
