/**
 * A faithful local fake of Jira Cloud's enhanced issue search, `GET /rest/api/3/search/jql`, written from
 * the public documentation:
 * - https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get
 *   (query parameters jql, nextPageToken, maxResults (default 50), fields (default: id only); response
 *   {issues, nextPageToken, isLast}; the JQL must be bounded; 400 with {errorMessages, errors}; 401).
 * - https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 *   (the same search with a JSON body {jql, nextPageToken, maxResults, fields: [...]}, for long JQL).
 * - https://jira.atlassian.com/browse/JRACLOUD-92184: the last page carries no nextPageToken key at all.
 * - https://support.atlassian.com/jira-software-cloud/docs/jql-fields/ (Created, Resolved): date values in
 *   the formats "yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm", "yyyy/MM/dd", "yyyy-MM-dd", read in the searching
 *   user's time zone (midnight when no time is given).
 * - https://developer.atlassian.com/cloud/jira/platform/rate-limiting/ (429 with Retry-After).
 * Dates in responses are the user's wall clock with a numeric offset, e.g. 2026-03-29T10:15:30.000+0200.
 *
 * The JQL evaluator covers what the examples use, honestly: clauses joined by AND; `project`, `issuetype`
 * (= != in), `created`/`resolved` (= != < <= > >= against a date literal), `resolved is [not] EMPTY`, an
 * optional ORDER BY. Anything else is a 400, as an unsupported query would be.
 */
import { createHash } from 'node:crypto';
import { localToInstant, sendJson, startFake, wall, zoneOffset, type FakeServer } from './server.js';

export interface JiraIssue {
  id: string;
  key: string;
  project: string;
  issuetype: string;
  created: number;
  resolved: number | null;
}

export interface JiraOptions {
  issues: JiraIssue[];
  /** The searching user's time zone (profile setting): JQL dates are read and dates are written in it. */
  userTimeZone: string;
  /** Accepted `Authorization` header values (Bearer or Basic). */
  authorizations: string[];
  /** The page size the server actually uses at most (the docs allow fewer than maxResults). */
  pageCap?: number;
}

export interface JiraFake extends FakeServer {
  /** Issues matching a JQL, evaluated by the fake's evaluator (tests compute expectations separately). */
  match(jql: string): JiraIssue[];
}

class JqlError extends Error {}

type Clause = (i: JiraIssue) => boolean;

const DATE_RE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/;

function tokenize(jql: string): string[] {
  const re = /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(!=|>=|<=|=|<|>|\(|\)|,)|([^\s=!<>(),'"]+))/gy;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(jql))) {
    out.push(m[1] ?? m[2] ?? m[3]!);
    last = re.lastIndex;
  }
  if (jql.slice(last).trim())
    throw new JqlError(`Error in the JQL Query: unexpected '${jql.slice(last).trim()}'`);
  return out;
}

function unquote(t: string): string {
  return /^['"]/.test(t) ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
}

function parseJql(jql: string, timeZone: string): Clause[] {
  const t = tokenize(jql);
  const orderAt = t.findIndex((x, i) => x.toLowerCase() === 'order' && t[i + 1]?.toLowerCase() === 'by');
  const body = orderAt >= 0 ? t.slice(0, orderAt) : t;
  const clauses: Clause[] = [];
  let i = 0;
  const dateOf = (field: string, raw: string): number => {
    const v = unquote(raw);
    const m = DATE_RE.exec(v);
    if (!m) {
      throw new JqlError(
        `Date value '${v}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
      );
    }
    const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((k) => Number(m[k] ?? 0)) as number[];
    return localToInstant(y!, mo!, d!, h!, mi!, timeZone);
  };
  while (i < body.length) {
    if (clauses.length > 0) {
      const kw = body[i++]?.toLowerCase();
      if (kw === 'or') throw new JqlError('The fake evaluates AND only');
      if (kw !== 'and') throw new JqlError(`Error in the JQL Query: expecting AND but got '${body[i - 1]}'`);
    }
    const field = body[i++]?.toLowerCase();
    const op = body[i++]?.toLowerCase();
    if (!field || !op) throw new JqlError('Error in the JQL Query: the query ends too early');
    if (field === 'project' || field === 'issuetype' || field === 'type') {
      const key = field === 'project' ? 'project' : 'issuetype';
      let values: string[];
      if (op === 'in' || op === 'not') {
        const negate = op === 'not';
        if (negate && body[i++]?.toLowerCase() !== 'in') throw new JqlError("expecting 'in' after 'not'");
        if (body[i++] !== '(') throw new JqlError("expecting '('");
        values = [];
        while (body[i] !== ')') {
          if (body[i] === undefined) throw new JqlError("expecting ')'");
          if (body[i] !== ',') values.push(unquote(body[i]!).toLowerCase());
          i++;
        }
        i++;
        const set = new Set(values);
        clauses.push((x) => set.has(x[key].toLowerCase()) !== negate);
      } else if (op === '=' || op === '!=') {
        const v = unquote(body[i++] ?? '').toLowerCase();
        clauses.push((x) => (x[key].toLowerCase() === v) === (op === '='));
      } else throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
    } else if (
      field === 'created' ||
      field === 'createddate' ||
      field === 'resolved' ||
      field === 'resolutiondate'
    ) {
      const get = (x: JiraIssue): number | null => (field.startsWith('created') ? x.created : x.resolved);
      if (op === 'is') {
        const not = body[i]?.toLowerCase() === 'not';
        if (not) i++;
        if (!['empty', 'null'].includes(body[i++]?.toLowerCase() ?? ''))
          throw new JqlError('expecting EMPTY');
        clauses.push((x) => (get(x) === null) !== not);
        continue;
      }
      const at = dateOf(field, body[i++] ?? '');
      const cmp: Record<string, (a: number) => boolean> = {
        '=': (a) => a === at,
        '!=': (a) => a !== at,
        '<': (a) => a < at,
        '<=': (a) => a <= at,
        '>': (a) => a > at,
        '>=': (a) => a >= at,
      };
      const f = cmp[op];
      if (!f) throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
      clauses.push((x) => {
        const v = get(x);
        return v !== null && f(v);
      });
    } else {
      throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
    }
  }
  if (clauses.length === 0) {
    throw new JqlError(
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  }
  return clauses;
}

/** Jira's date-time form: the user's wall clock, milliseconds and a numeric offset without a colon. */
function jiraDate(ms: number, timeZone: string): string {
  const [y, mo, d, h, mi, s] = wall(ms, timeZone) as number[];
  const off = zoneOffset(ms, timeZone) / 60_000;
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const sign = off < 0 ? '-' : '+';
  return `${p(y!, 4)}-${p(mo!)}-${p(d!)}T${p(h!)}:${p(mi!)}:${p(s!)}.${p(ms % 1000, 3)}${sign}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
}

export async function startJira(o: JiraOptions): Promise<JiraFake> {
  const cap = o.pageCap ?? 50;
  const match = (jql: string): JiraIssue[] => {
    const clauses = parseJql(jql, o.userTimeZone);
    return o.issues.filter((x) => clauses.every((c) => c(x))).sort((a, b) => a.created - b.created);
  };
  const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);
  const server = await startFake((req, res, origin) => {
    const url = new URL(req.url, origin);
    if (url.pathname !== '/rest/api/3/search/jql') {
      return sendJson(res, 404, { errorMessages: ['Not found'], errors: {} });
    }
    let params: URLSearchParams = url.searchParams;
    if (req.method === 'POST') {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { errorMessages: ['Unsupported Media Type'], errors: {} });
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, {
          errorMessages: ['Invalid request payload. Refer to the REST API documentation and try again.'],
          errors: {},
        });
      }
      params = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) {
        if (v !== null && v !== undefined) params.set(k, Array.isArray(v) ? v.join(',') : String(v));
      }
    } else if (req.method !== 'GET') {
      return sendJson(res, 405, { errorMessages: ['Method not allowed'], errors: {} });
    }
    if (!o.authorizations.includes(String(req.headers.authorization ?? ''))) {
      return sendJson(res, 401, {
        errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
        errors: {},
      });
    }
    const jql = params.get('jql') ?? '';
    const maxRaw = params.get('maxResults');
    const max = maxRaw === null ? 50 : Number(maxRaw);
    if (!Number.isInteger(max) || max < 0) {
      return sendJson(res, 400, { errorMessages: [`Invalid maxResults: ${maxRaw}`], errors: {} });
    }
    let found: JiraIssue[];
    try {
      found = match(jql);
    } catch (e) {
      if (e instanceof JqlError) return sendJson(res, 400, { errorMessages: [e.message], errors: {} });
      throw e;
    }
    let offset = 0;
    const token = params.get('nextPageToken');
    if (token) {
      let decoded: { q: string; o: number } | undefined;
      try {
        decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { q: string; o: number };
      } catch {
        decoded = undefined;
      }
      if (!decoded || decoded.q !== hash(jql) || !Number.isInteger(decoded.o)) {
        return sendJson(res, 400, {
          errorMessages: ['The provided next page token is invalid or expired.'],
          errors: {},
        });
      }
      offset = decoded.o;
    }
    const size = Math.min(max, cap, 5000);
    const page = found.slice(offset, offset + size);
    const fields = (params.get('fields') ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const issues = page.map((x) => {
      const all: Record<string, unknown> = {
        created: jiraDate(x.created, o.userTimeZone),
        resolutiondate: x.resolved === null ? null : jiraDate(x.resolved, o.userTimeZone),
        issuetype: { name: x.issuetype },
        project: { key: x.project },
      };
      const picked = fields.includes('*all')
        ? all
        : Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
      return {
        id: x.id,
        key: x.key,
        self: `${origin}/rest/api/3/issue/${x.id}`,
        ...(fields.length ? { fields: picked } : {}),
      };
    });
    const last = offset + page.length >= found.length;
    const body: Record<string, unknown> = { issues, isLast: last };
    if (!last) {
      body.nextPageToken = Buffer.from(JSON.stringify({ q: hash(jql), o: offset + page.length })).toString(
        'base64url',
      );
    }
    sendJson(res, 200, body);
  });
  return { ...server, match };
}
