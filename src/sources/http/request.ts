import type { HttpKpiConfig } from './config.js';
import { expand, jsonEscape, mapJsonStrings, type TemplateValues } from './template.js';

/** One request ready to send. */
export interface PreparedRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** The JSON body as an object, when it is one (the `next` expression merges into it). */
  jsonBody?: Record<string, unknown>;
}

/** Changes the `next` expression asks for: query parameters and JSON body keys (null removes a key). */
export interface NextChanges {
  query?: Record<string, string | number | boolean | null>;
  body?: Record<string, unknown>;
}

const FORM = 'application/x-www-form-urlencoded';

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/**
 * Builds the first request of a KPI for one window: placeholders expanded and encoded for where they
 * stand (URL-encoded in the URL and query, JSON-escaped in a JSON body, as they are in headers).
 */
export function buildRequest(r: HttpKpiConfig['request'], v: TemplateValues): PreparedRequest {
  const url = new URL(expand(r.url, v, encodeURIComponent));
  for (const [k, raw] of Object.entries(r.query ?? {})) {
    url.searchParams.set(k, typeof raw === 'string' ? expand(raw, v, (s) => s) : String(raw));
  }
  const headers: Record<string, string> = {};
  for (const [k, raw] of Object.entries(r.headers ?? {})) {
    const value = expand(raw, v, (s) => s);
    if (/[\r\n]/.test(value)) throw new Error(`header ${k} would hold a line break; check its secret`);
    headers[k] = value;
  }
  if (headerValue(headers, 'accept') === undefined) headers.Accept = 'application/json';
  const out: PreparedRequest = { method: r.method, url, headers };
  if (r.body === undefined || r.body === null) return out;
  const type = headerValue(headers, 'content-type');
  if (typeof r.body === 'string') {
    const form = type?.toLowerCase().startsWith(FORM) ?? false;
    out.body = expand(r.body, v, form ? encodeURIComponent : jsonEscape);
    if (type === undefined) headers['Content-Type'] = 'application/json';
    return out;
  }
  const body = mapJsonStrings(r.body, (s) => expand(s, v, (x) => x));
  if (body && typeof body === 'object' && !Array.isArray(body))
    out.jsonBody = body as Record<string, unknown>;
  out.body = JSON.stringify(body);
  if (type === undefined) headers['Content-Type'] = 'application/json';
  return out;
}

/** The request after `next` returned changes: query parameters and JSON body keys merged key by key. */
export function applyNext(req: PreparedRequest, changes: NextChanges): PreparedRequest {
  const url = new URL(req.url);
  for (const [k, v] of Object.entries(changes.query ?? {})) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  if (changes.body === undefined) return { ...req, url };
  if (!req.jsonBody) {
    throw new Error('paginate.next returned body changes, but the request has no JSON object body');
  }
  const jsonBody = { ...req.jsonBody };
  for (const [k, v] of Object.entries(changes.body)) {
    if (v === null) delete jsonBody[k];
    else jsonBody[k] = v;
  }
  return { ...req, url, jsonBody, body: JSON.stringify(jsonBody) };
}

/** Checks the shape of what `next` returned; undefined, null or false stop the paging. */
export function readNextChanges(value: unknown): NextChanges | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  const fail = (): never => {
    throw new Error(
      `paginate.next returned ${JSON.stringify(value)?.slice(0, 80)}; return {"query": {...}} and/or {"body": {...}}, or nothing to stop`,
    );
  };
  if (typeof value !== 'object' || Array.isArray(value)) return fail();
  const { query, body, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return fail();
  const isObj = (x: unknown): x is Record<string, unknown> =>
    !!x && typeof x === 'object' && !Array.isArray(x);
  if (query !== undefined) {
    if (!isObj(query)) return fail();
    for (const v of Object.values(query)) {
      if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) return fail();
    }
  }
  if (body !== undefined && !isObj(body)) return fail();
  if (query === undefined && body === undefined) return undefined;
  return { query: query as NextChanges['query'], body: body as NextChanges['body'] };
}

/** Where a request goes, for messages: method, host and path, never the query (it may hold secrets). */
export function describeRequest(req: { method: string; url: URL }): string {
  return `${req.method} ${req.url.host}${req.url.pathname}`;
}

/**
 * The rel="next" target of an RFC 8288 Link header (https://www.rfc-editor.org/rfc/rfc8288#section-3),
 * resolved against the response URL, or undefined. `rel` may be quoted and hold several relation types.
 */
export function linkNext(header: string | undefined, base: string): URL | undefined {
  if (!header) return undefined;
  const re = /<([^>]*)>((?:\s*;\s*[^;,]*(?:"[^"]*")?[^;,]*)*)/g;
  for (const m of header.matchAll(re)) {
    for (const param of m[2]!.split(';')) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
      const rels = param
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '')
        .toLowerCase()
        .split(/\s+/);
      if (rels.includes('next')) return new URL(m[1]!, base);
    }
  }
  return undefined;
}
