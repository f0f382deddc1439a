import { z } from 'zod';
import { COMPONENT_RE } from '../../kpi.js';
import { isLoopbackUrl } from '../../net/http.js';
import { parseFormula, SQL_KPI_ID_RE, uniqueIds } from '../sql/config.js';
import { jsonStrings, scanTemplate } from './template.js';

/** Default and largest number of pages one paginated read may take. */
const DEFAULT_MAX_PAGES = 1000;
const MAX_MAX_PAGES = 100_000;

// JSONata syntax is checked when the run starts (the library loads only then): see compileKpi in collect.ts.
const jsonata = (what: string) => z.string().min(1).describe(what);

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const requestSchema = z.strictObject({
  method: z.enum(['GET', 'POST']).default('GET').describe('GET (default) or POST.'),
  url: z
    .string()
    .min(1)
    .describe('https URL (http only on loopback); placeholders are URL-encoded where they stand.'),
  query: z
    .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe('Query parameters, added to the URL (values URL-encoded, placeholders included).'),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe('Request headers, e.g. Authorization: "Bearer ${TOKEN}".'),
  body: jsonValue
    .optional()
    .describe(
      'For POST: a JSON object (sent as application/json, placeholders JSON-escaped) or a string (see README).',
    ),
});

const paginateSchema = z
  .strictObject({
    items: jsonata('JSONata: the items of one page, e.g. issues.'),
    next: jsonata(
      'JSONata over a page: changes merged into the next request ({"query": {...}, "body": {...}}), or nothing to stop.',
    ).optional(),
    link: z
      .boolean()
      .optional()
      .describe('true: follow the RFC 8288 Link header rel="next" (same origin only).'),
    max_pages: z
      .int()
      .min(1)
      .max(MAX_MAX_PAGES)
      .optional()
      .describe(`Pages one read may take before it fails (default: the source's max_pages).`),
  })
  .superRefine((p, ctx) => {
    if ((p.next !== undefined) === (p.link === true)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of next (a JSONata expression) or link: true',
      });
    }
  });

const derivedEntry = z.union([
  z.string().describe('A formula: a sum of components over a sum of components, e.g. resolved / opened.'),
  z.strictObject({
    formula: z.string().describe('A sum of components over a sum of components, e.g. (a + b) / c.'),
    unit: z.string().min(1).optional().describe('Unit of the figure (default: the KPI unit).'),
    description: z.string().min(1).optional().describe('What the figure means.'),
  }),
]);

/** One KPI defined in the config by its HTTP request and how to read the figures. */
const httpKpiSchema = z
  .strictObject({
    id: z
      .string()
      .regex(SQL_KPI_ID_RE, 'must match ^[a-z][a-z0-9_]*$ (lowercase letters, digits, _), e.g. jira_bugs')
      .max(63)
      .describe('Short name; the KPI id becomes http.<id>.'),
    description: z.string().min(1).describe('One-line definition shown in the catalog.'),
    unit: z.string().min(1).describe('Unit of the headline figure, e.g. count.'),
    per_day: z
      .boolean()
      .default(true)
      .describe('true: one request per day; false: one request (with paging) for the whole range.'),
    request: requestSchema,
    paginate: paginateSchema.optional(),
    values: z
      .record(z.string(), z.string())
      .nullish()
      .describe(
        'per_day: component -> JSONata over the response (with paging: over {"items": [...all items]}).',
      ),
    rows: z
      .string()
      .nullish()
      .describe(
        'per_day: false: JSONata returning [{day, variable, value}] (with paging: over {"items": [...]}).',
      ),
    derived: z
      .record(z.string(), derivedEntry)
      .nullish()
      .describe('Ratios computed from stored components, e.g. resolved_share: resolved / opened.'),
    enabled: z
      .boolean()
      .default(true)
      .describe('Collect this KPI when the run does not name KPIs (default true).'),
  })
  .superRefine((kpi, ctx) => {
    const issue = (path: (string | number)[], message: string): void =>
      ctx.addIssue({ code: 'custom', path, message });
    checkTemplates(kpi, issue);
    if (kpi.per_day) {
      if (!kpi.values || Object.keys(kpi.values).length === 0)
        issue(['values'], 'a per-day KPI needs values: {component: JSONata}');
      if (kpi.rows != null) issue(['rows'], 'rows is for per_day: false; per-day KPIs use values');
    } else {
      if (kpi.rows == null)
        issue(['rows'], 'a per_day: false KPI needs rows: JSONata -> [{day, variable, value}]');
      if (kpi.values != null) issue(['values'], 'values is for per-day KPIs; per_day: false KPIs use rows');
    }
    for (const [name, expr] of Object.entries(kpi.values ?? {})) {
      if (!COMPONENT_RE.test(name)) {
        issue(['values', name], 'must be a component name (lowercase letters, digits, _), e.g. opened');
        continue;
      }
      if (!expr.trim()) issue(['values', name], 'an empty expression; write JSONata, e.g. $count(items)');
    }
    for (const name of Object.keys(kpi.request.headers ?? {})) {
      if (!HEADER_NAME_RE.test(name)) issue(['request', 'headers', name], 'must be an HTTP header name');
    }
    if (kpi.request.body != null && kpi.request.method !== 'POST') {
      issue(['request', 'body'], 'a body is sent with POST only; set method: POST or remove the body');
    }
    for (const [name, entry] of Object.entries(kpi.derived ?? {})) {
      if (!COMPONENT_RE.test(name)) {
        issue(['derived', name], 'must be a lowercase name, e.g. resolved_share');
        continue;
      }
      try {
        parseFormula(typeof entry === 'string' ? entry : entry.formula);
      } catch (e) {
        issue(['derived', name], (e as Error).message);
      }
    }
  });

export type HttpKpiConfig = z.output<typeof httpKpiSchema>;

/** Placeholders known to the KPI's form, and a URL that is https (http on loopback only). */
function checkTemplates(
  kpi: { per_day: boolean; request: z.output<typeof requestSchema> },
  issue: (p: (string | number)[], m: string) => void,
): void {
  const check = (path: (string | number)[], text: string): void => {
    try {
      scanTemplate(text, kpi.per_day);
    } catch (e) {
      issue(path, (e as Error).message);
    }
  };
  const r = kpi.request;
  check(['request', 'url'], r.url);
  for (const [k, v] of Object.entries(r.query ?? {}))
    if (typeof v === 'string') check(['request', 'query', k], v);
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    check(['request', 'headers', k], v);
    if (/[\r\n]/.test(v)) issue(['request', 'headers', k], 'a header value cannot hold a line break');
  }
  for (const s of jsonStrings(r.body)) check(['request', 'body'], s);
  // The URL with every placeholder replaced by a harmless value must be a usable URL.
  let url: URL;
  try {
    url = new URL(r.url.replace(/\{\{[^{}]*\}\}|\$\{[^{}]*\}/g, 'x'));
  } catch {
    issue(['request', 'url'], `'${r.url}' is not a URL; use https://host/path`);
    return;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    issue(
      ['request', 'url'],
      `'${url.protocol}' URLs are not allowed; use https:// (http:// only on loopback)`,
    );
  }
  if (url.username || url.password) {
    issue(
      ['request', 'url'],
      'credentials in the URL are not allowed; use a header with ${NAME} from http-secrets',
    );
  }
  if (/\{\{|\$\{/.test(/^[^:/?#]*:?\/*[^/?#]*/.exec(r.url)?.[0] ?? '')) {
    issue(['request', 'url'], 'the scheme and host cannot hold placeholders');
  }
}

/** The settings block `sources.http`. */
export const httpSettingsSchema = z.strictObject({
  kpis: z
    .array(httpKpiSchema)
    .default([])
    .superRefine(uniqueIds)
    .describe('KPIs defined by an HTTP request and JSONata expressions.'),
  concurrency: z.int().min(1).max(32).default(4).describe('Requests in flight at once (days of one KPI).'),
  connect_timeout_seconds: z
    .number()
    .positive()
    .max(300)
    .default(10)
    .describe('Deadline for connecting (TCP, TLS, proxy), in seconds.'),
  request_timeout_seconds: z
    .number()
    .positive()
    .max(3600)
    .default(60)
    .describe('Deadline for one whole request, body included, in seconds.'),
  max_response_mb: z
    .number()
    .positive()
    .max(512)
    .default(32)
    .describe('Largest response body, in MiB; a larger one fails the KPI.'),
  max_pages: z
    .int()
    .min(1)
    .max(MAX_MAX_PAGES)
    .default(DEFAULT_MAX_PAGES)
    .describe('Pages one paginated read may take before it fails (never a silent truncation).'),
  request_spacing_ms: z
    .int()
    .min(0)
    .max(600_000)
    .default(0)
    .describe('Least time between two requests to the same host, in ms (for APIs with strict limits).'),
  retries: z
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe('Retries of a request after 429, 5xx or a network error (Retry-After honoured).'),
});

export type HttpSettings = z.output<typeof httpSettingsSchema>;
