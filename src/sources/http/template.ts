import { offsetAt } from '../../dates.js';

/**
 * Placeholders in a request: `{{day_start}}`, `{{day_end}}`, `{{day}}` (per-day requests),
 * `{{range_start}}`, `{{range_end}}` (per_day: false), each instant with an optional format, and
 * `${NAME}` secrets from `http-secrets`. Values are encoded for where they stand by the caller's encoder.
 */
const DAY_PLACEHOLDERS = ['day_start', 'day_end', 'day'] as const;
const RANGE_PLACEHOLDERS = ['range_start', 'range_end'] as const;
const FORMATS = ['utc', 'local', 'epoch', 'epoch_ms'] as const;
export type Format = (typeof FORMATS)[number];

/** `{{ name }}` or `{{ name:format }}`; `${NAME}`. */
const TOKEN_RE = /\{\{\s*([^{}]*?)\s*\}\}|\$\{([^{}]*)\}/g;
export const SECRET_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type Token =
  | { kind: 'time'; name: string; format?: Format; text: string }
  | { kind: 'secret'; name: string; text: string };

/** The placeholders of one template string; throws with a message saying what is wrong and the fix. */
export function scanTemplate(text: string, perDay: boolean): Token[] {
  const tokens: Token[] = [];
  const allowed: readonly string[] = perDay ? DAY_PLACEHOLDERS : RANGE_PLACEHOLDERS;
  for (const m of text.matchAll(TOKEN_RE)) {
    if (m[2] !== undefined) {
      if (!SECRET_NAME_RE.test(m[2])) {
        throw new Error(`'${m[0]}' is not a secret reference; use \${NAME} with letters, digits and _`);
      }
      tokens.push({ kind: 'secret', name: m[2], text: m[0] });
      continue;
    }
    const [name = '', format, extra] = m[1]!.split(':').map((s) => s.trim());
    if (extra !== undefined) throw new Error(`'${m[0]}' has more than one format`);
    if (![...DAY_PLACEHOLDERS, ...RANGE_PLACEHOLDERS].includes(name as never)) {
      throw new Error(
        `'${m[0]}' is not a placeholder; use ${[...allowed].map((p) => `{{${p}}}`).join(', ')}`,
      );
    }
    if (!allowed.includes(name)) {
      const form = perDay ? 'per-day requests' : 'per_day: false requests';
      throw new Error(
        `'${m[0]}' is not available to ${form}; use ${allowed.map((p) => `{{${p}}}`).join(', ')}`,
      );
    }
    if (format !== undefined) {
      if (name === 'day') throw new Error(`'${m[0]}': {{day}} takes no format (it is YYYY-MM-DD)`);
      if (!FORMATS.includes(format as Format)) {
        throw new Error(`'${m[0]}': unknown format '${format}'; use one of ${FORMATS.join(', ')}`);
      }
    }
    tokens.push({ kind: 'time', name, format: format as Format | undefined, text: m[0] });
  }
  return tokens;
}

/** The values the time placeholders stand for in one request. */
export interface TemplateValues {
  /** Instants (epoch ms) by name: day_start, day_end or range_start, range_end. */
  instants: Readonly<Record<string, number>>;
  /** YYYY-MM-DD, for {{day}}. */
  day?: string;
  timeZone: string;
  secrets: ReadonlyMap<string, string>;
}

/** Expands every placeholder of a string; `encode` makes each value safe where the string stands. */
export function expand(text: string, v: TemplateValues, encode: (value: string) => string): string {
  return text.replace(TOKEN_RE, (whole, time: string | undefined, secret: string | undefined) => {
    if (secret !== undefined) {
      const value = v.secrets.get(secret);
      if (value === undefined) throw new Error(`\${${secret}} is not in http-secrets`);
      return encode(value);
    }
    const [name = '', format] = time!.split(':').map((s) => s.trim());
    if (name === 'day') {
      if (v.day === undefined) throw new Error(`${whole} is not available here`);
      return encode(v.day);
    }
    const ms = v.instants[name];
    if (ms === undefined) throw new Error(`${whole} is not available here`);
    return encode(formatInstant(ms, format as Format | undefined, v.timeZone));
  });
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** An instant in one of the placeholder formats (no format: ISO 8601 with the zone's offset). */
export function formatInstant(ms: number, format: Format | undefined, timeZone: string): string {
  switch (format) {
    case 'utc':
      return new Date(ms).toISOString().replace('.000Z', 'Z');
    case 'epoch':
      return String(Math.floor(ms / 1000));
    case 'epoch_ms':
      return String(ms);
    case 'local':
      return localIso(ms, timeZone).slice(0, 16).replace('T', ' ');
    default:
      return localIso(ms, timeZone);
  }
}

/** `YYYY-MM-DDTHH:mm:ss+hh:mm`: the wall clock of the instant in the zone and the zone's offset then. */
function localIso(ms: number, timeZone: string): string {
  const offset = offsetAt(ms, timeZone);
  const wall = new Date(ms + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Every string in a JSON value (object keys excluded), depth first. */
export function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(jsonStrings);
  return [];
}

/** A JSON value with `fn` applied to every string in it (object keys untouched). */
export function mapJsonStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((x) => mapJsonStrings(x, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, mapJsonStrings(x, fn)]));
  }
  return value;
}

/** The inside of a JSON string literal for a value (quotes stripped): a placeholder in a JSON text. */
export function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
