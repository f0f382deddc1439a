/**
 * A faithful local fake of Prometheus' range query API, `GET|POST /api/v1/query_range`, written from
 * https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries and
 * https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview:
 * - parameters query, start, end (RFC 3339 or Unix seconds, fractions allowed), step (a duration such as
 *   1h or a float number of seconds); POST takes them form-encoded
 *   (Content-Type: application/x-www-form-urlencoded);
 * - the query is evaluated at start, start+step, … while ≤ end; each point takes the latest sample at or
 *   before that time within the 5-minute lookback (https://prometheus.io/docs/prometheus/latest/querying/basics/#staleness);
 * - the answer is {"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[<unix seconds>, "<value as a string>"], …]}]}};
 * - errors are {"status":"error","errorType":"bad_data","error":"…"} with HTTP 400, among them
 *   "exceeded maximum resolution of 11,000 points per timeseries" and a zero or negative step.
 * The PromQL evaluator covers what the examples use: a selector `name{label="v",label!="v"}`, optionally in
 * `sum(...)` or `sum by (labels) (...)`; anything else is a bad_data parse error.
 */
import { sendJson, startFake, type FakeServer } from './server.js';

export interface Series {
  labels: Record<string, string>;
  /** [epoch ms, value], in time order. */
  samples: Array<[number, number]>;
}

const LOOKBACK_MS = 5 * 60_000;
const MAX_POINTS = 11_000;

type Matcher = { label: string; op: '=' | '!='; value: string };
interface Query {
  name: string;
  matchers: Matcher[];
  sum?: { by: string[] };
}

class BadData extends Error {}

function parseQuery(q: string): Query {
  const sel = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{([^}]*)\})?\s*$/;
  const parseSelector = (text: string): Omit<Query, 'sum'> => {
    const m = sel.exec(text);
    if (!m)
      throw new BadData(`invalid parameter "query": 1:1: parse error: unexpected input in "${text.trim()}"`);
    const matchers: Matcher[] = [];
    for (const part of (m[2] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const mm = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(!=|=)\s*"((?:[^"\\]|\\.)*)"$/.exec(part);
      if (!mm) throw new BadData(`invalid parameter "query": parse error: unexpected matcher "${part}"`);
      matchers.push({ label: mm[1]!, op: mm[2] as '=' | '!=', value: mm[3]!.replace(/\\(.)/g, '$1') });
    }
    return { name: m[1]!, matchers };
  };
  const by = /^\s*sum\s+by\s*\(([^)]*)\)\s*\((.*)\)\s*$/s.exec(q);
  if (by) {
    const labels = by[1]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return { ...parseSelector(by[2]!), sum: { by: labels } };
  }
  const sum = /^\s*sum\s*\((.*)\)\s*$/s.exec(q);
  if (sum) return { ...parseSelector(sum[1]!), sum: { by: [] } };
  return parseSelector(q);
}

function parseTime(v: string | null, name: string): number {
  if (v === null) throw new BadData(`invalid parameter "${name}": cannot parse "" to a valid timestamp`);
  if (/^-?\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t))
    throw new BadData(`invalid parameter "${name}": cannot parse "${v}" to a valid timestamp`);
  return t;
}

function parseStep(v: string | null): number {
  if (v === null) throw new BadData('invalid parameter "step": cannot parse "" to a valid duration');
  if (/^\d+(?:\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const units: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 604_800_000,
  };
  const re = /(\d+)(ms|s|m|h|d|w)/y;
  let total = 0;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v))) {
    total += Number(m[1]) * units[m[2]!]!;
    at = re.lastIndex;
  }
  if (at !== v.length || v.length === 0)
    throw new BadData(`invalid parameter "step": cannot parse "${v}" to a valid duration`);
  return total;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64) for the values used here (no exponent). */
function promValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

function valueAt(s: Series, t: number): number | undefined {
  let lo = 0;
  let hi = s.samples.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.samples[mid]![0] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const [at, v] = s.samples[found]!;
  return t - at <= LOOKBACK_MS ? v : undefined;
}

export async function startPrometheus(o: { series: Series[]; bearer?: string }): Promise<FakeServer> {
  return startFake((req, res, origin) => {
    const url = new URL(req.url, origin);
    if (url.pathname !== '/api/v1/query_range')
      return sendJson(res, 404, { status: 'error', error: 'not found' });
    if (o.bearer && req.headers.authorization !== `Bearer ${o.bearer}`) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      return res.end('Unauthorized');
    }
    let params = url.searchParams;
    if (req.method === 'POST') {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return sendJson(res, 400, {
          status: 'error',
          errorType: 'bad_data',
          error: 'unsupported content type',
        });
      }
      params = new URLSearchParams(req.body);
    }
    try {
      const q = parseQuery(params.get('query') ?? '');
      const start = parseTime(params.get('start'), 'start');
      const end = parseTime(params.get('end'), 'end');
      const step = parseStep(params.get('step'));
      if (end < start)
        throw new BadData('invalid parameter "end": end timestamp must not be before start time');
      if (step <= 0) {
        throw new BadData(
          'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
        );
      }
      if ((end - start) / step > MAX_POINTS) {
        throw new BadData(
          'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
        );
      }
      const matching = o.series.filter(
        (s) =>
          s.labels.__name__ === q.name &&
          q.matchers.every((m) => ((s.labels[m.label] ?? '') === m.value) === (m.op === '=')),
      );
      const times: number[] = [];
      for (let t = start; t <= end; t += step) times.push(t);
      const groups = new Map<string, { metric: Record<string, string>; members: Series[] }>();
      for (const s of matching) {
        let metric: Record<string, string>;
        if (q.sum)
          metric = Object.fromEntries(q.sum.by.filter((l) => l in s.labels).map((l) => [l, s.labels[l]!]));
        else metric = s.labels;
        const key = JSON.stringify(Object.entries(metric).sort());
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { metric, members: [] }));
        g.members.push(s);
      }
      const result = [...groups.values()]
        .map((g) => {
          const values: Array<[number, string]> = [];
          for (const t of times) {
            const vs = g.members.map((s) => valueAt(s, t)).filter((v): v is number => v !== undefined);
            if (vs.length > 0) values.push([t / 1000, promValue(vs.reduce((a, b) => a + b, 0))]);
          }
          return { metric: g.metric, values };
        })
        .filter((r) => r.values.length > 0);
      sendJson(res, 200, { status: 'success', data: { resultType: 'matrix', result } });
    } catch (e) {
      if (e instanceof BadData)
        return sendJson(res, 400, { status: 'error', errorType: 'bad_data', error: e.message });
      throw e;
    }
  });
}
