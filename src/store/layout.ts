/**
 * The storage layout, the same in S3 and in a local folder:
 *
 *   <prefix>/source=<source>/date=<YYYY-MM-DD>/kpis.csv
 *
 * Hive-style partitions, so Athena, Spark and DuckDB discover `source` and `date` as columns. One object per
 * source and day: a re-run replaces that day's object, a backfill writes one object per day.
 */
export const OBJECT_NAME = 'kpis.csv';

export function objectKey(prefix: string, source: string, date: string): string {
  return `${prefix}/source=${source}/date=${date}/${OBJECT_NAME}`;
}

/** Parses a key of the layout back into its partitions, or undefined when it is not one. */
export function parseKey(key: string): { prefix: string; source: string; date: string } | undefined {
  const m = /^(?:(.*)\/)?source=([a-z0-9_]+)\/date=(\d{4}-\d{2}-\d{2})\/kpis\.csv$/.exec(key);
  if (!m) return undefined;
  return { prefix: m[1] ?? '', source: m[2]!, date: m[3]! };
}
