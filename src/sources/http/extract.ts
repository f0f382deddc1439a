import type jsonata from 'jsonata';
import { dateIn } from '../../dates.js';

/**
 * JSONata (https://docs.jsonata.org) reads figures out of responses: a query language over JSON, run by
 * its own interpreter, with no access to JavaScript, the file system or the network. Each evaluation runs
 * under the library's guardrails (a time limit, a call-depth limit and a sequence-length limit) and its
 * result must serialise to at most MAX_RESULT_CHARS characters.
 */
export interface Limits {
  /** Longest evaluation, in ms (JSONata error D1012 past it). */
  timeoutMs: number;
  /** Deepest expression nesting (D1011). */
  stack: number;
  /** Longest sequence an evaluation may build (D2015). */
  sequence: number;
  /** Largest result, in JSON characters. */
  maxResultChars: number;
}

const LIMITS: Limits = {
  timeoutMs: 2000,
  stack: 500,
  sequence: 1_000_000,
  maxResultChars: 8 * 1024 * 1024,
};

export interface Compiled {
  source: string;
  evaluate(input: unknown, timeZone: string): Promise<unknown>;
}

/** A JSONata error as one line: its code, message and position in the expression. */
function jsonataMessage(e: unknown): string {
  const err = e as { code?: string; message?: string; position?: number; token?: string };
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    const at = typeof err.position === 'number' ? ` at character ${err.position}` : '';
    return `${err.message ?? 'error'} (JSONata ${err.code}${at})`;
  }
  return e instanceof Error ? e.message : String(e);
}

// The library loads only when an HTTP KPI runs: start-up stays fast for the other sources.
let library: Promise<typeof jsonata> | undefined;
const load = (): Promise<typeof jsonata> => (library ??= import('jsonata').then((m) => m.default));

/** Compiles an expression; throws with the JSONata syntax error (the caller names the config key). */
export async function compile(source: string, limits: Limits = LIMITS): Promise<Compiled> {
  const parse = await load();
  let expr: jsonata.Expression;
  try {
    expr = parse(source, {
      timeout: limits.timeoutMs,
      stack: limits.stack,
      sequence: limits.sequence,
    });
  } catch (e) {
    throw new Error(`not a JSONata expression: ${jsonataMessage(e)}`, { cause: e });
  }
  return {
    source,
    async evaluate(input, timeZone) {
      let result: unknown;
      try {
        result = await expr.evaluate(input, { day: dayFunction(timeZone) });
      } catch (e) {
        throw new Error(`JSONata '${clip(source)}' failed: ${jsonataMessage(e)}`, { cause: e });
      }
      const size = jsonSize(result);
      if (size > limits.maxResultChars) {
        throw new Error(
          `JSONata '${clip(source)}' returned ${size} characters of JSON, more than ${limits.maxResultChars}`,
        );
      }
      return plain(result);
    },
  };
}

function clip(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

function jsonSize(v: unknown): number {
  if (v === undefined) return 0;
  try {
    return JSON.stringify(v)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** JSONata results can be its internal sequences (arrays with extra flags): return plain JSON values. */
function plain(v: unknown): unknown {
  if (v === undefined) return undefined;
  if (typeof v === 'function') return v;
  return JSON.parse(JSON.stringify(v)) as unknown;
}

const DIGITS_RE = /^\d+$/;

/**
 * `$day(t)`: the run's day (YYYY-MM-DD in its time zone) of an instant: an ISO 8601 string with an offset
 * or Z (`2026-03-29T10:15:30.000+0200`, Jira's form, included), or epoch milliseconds as a number.
 * Anything else is an error, so a wrong field never lands on a wrong day silently.
 */
function dayFunction(timeZone: string): (t: unknown) => string | undefined {
  return (t: unknown) => {
    if (t === undefined || t === null) return undefined;
    let ms: number;
    if (typeof t === 'number') ms = t;
    else if (typeof t === 'string' && DIGITS_RE.test(t)) ms = Number(t);
    else if (typeof t === 'string' && /(?:Z|[+-]\d{2}:?\d{2})$/.test(t)) ms = Date.parse(t);
    else {
      throw new Error(
        `$day(${JSON.stringify(t)?.slice(0, 40)}): use an ISO 8601 time with an offset or Z, or epoch milliseconds`,
      );
    }
    if (!Number.isFinite(ms)) throw new Error(`$day(${JSON.stringify(t)?.slice(0, 40)}): not a time`);
    return dateIn(ms, timeZone);
  };
}
