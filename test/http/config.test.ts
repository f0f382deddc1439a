import { afterEach, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { dayWindows } from '../../src/dates.js';
import { UserError } from '../../src/errors.js';
import { clearSecrets, redact } from '../../src/redact.js';
import { httpSettingsSchema } from '../../src/sources/http/config.js';
import { compile } from '../../src/sources/http/extract.js';
import { applyNext, buildRequest, linkNext, readNextChanges } from '../../src/sources/http/request.js';
import { parseSecrets, resolveSecrets } from '../../src/sources/http/secrets.js';
import { expand, formatInstant } from '../../src/sources/http/template.js';
import { localToInstant } from '../fakes/http/server.js';

const base = {
  id: 'k',
  description: 'd',
  unit: 'count',
  request: { url: 'https://api.example.com/x' },
  values: { n: 'count' },
};
const problems = (kpi: Record<string, unknown>): string[] => {
  const r = httpSettingsSchema.safeParse({ kpis: [{ ...base, ...kpi }] });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

afterEach(() => clearSecrets());

describe('config', () => {
  it('accepts the example of issue 12 as written (nulls included) and applies the defaults', () => {
    const yaml = `
concurrency: 4
kpis:
  - id: jira_bugs                       # KPI id http.jira_bugs
    description: Bugs opened and resolved
    unit: count
    per_day: true                        # default; false = one request (with paging) for the range
    request:
      method: GET                        # or POST
      url: https://jira.example.com/rest/api/3/search/jql
      query: { jql: "project = APP AND created >= '{{day_start:local}}' AND created < '{{day_end:local}}'", fields: created }
      headers: { Authorization: "Bearer \${JIRA_TOKEN}" }
      body: ~                            # JSON object or string, for POST
    paginate:                            # optional
      items: issues                      # JSONata: the items of one page
      next: "nextPageToken ? {'query': {'nextPageToken': nextPageToken}}"
    values:
      opened: "$count(items)"
    rows: ~
    derived: { }
`;
    const s = httpSettingsSchema.parse(parseYaml(yaml));
    expect(s.max_pages).toBe(1000);
    expect(s.request_spacing_ms).toBe(0);
    expect(s.kpis[0]!.enabled).toBe(true);
    expect(s.kpis[0]!.request.headers).toEqual({ Authorization: 'Bearer ${JIRA_TOKEN}' });
  });

  it.each([
    [
      { request: { url: 'http://api.example.com/x' } },
      "request.url: 'http:' URLs are not allowed; use https:// (http:// only on loopback)",
    ],
    [
      { request: { url: 'https://{{day}}.example.com/x' } },
      'request.url: the scheme and host cannot hold placeholders',
    ],
    [
      { request: { url: 'https://u:p@example.com/x' } },
      'request.url: credentials in the URL are not allowed; use a header with ${NAME} from http-secrets',
    ],
    [
      { request: { url: 'https://a.example.com/{{range_start}}' } },
      "request.url: '{{range_start}}' is not available to per-day requests; use {{day_start}}, {{day_end}}, {{day}}",
    ],
    [
      { request: { url: 'https://a.example.com/{{day_start:iso}}' } },
      "request.url: '{{day_start:iso}}': unknown format 'iso'; use one of utc, local, epoch, epoch_ms",
    ],
    [
      { request: { url: 'https://a.example.com/{{today}}' } },
      "request.url: '{{today}}' is not a placeholder; use {{day_start}}, {{day_end}}, {{day}}",
    ],
    [
      { values: { N: 'x' } },
      'values.N: must be a component name (lowercase letters, digits, _), e.g. opened',
    ],
    [{ per_day: false }, 'rows: a per_day: false KPI needs rows: JSONata -> [{day, variable, value}]'],
    [
      { request: { url: 'https://a.example.com/', body: { a: 1 } } },
      'request.body: a body is sent with POST only; set method: POST or remove the body',
    ],
    [{ paginate: { items: 'x' } }, 'paginate: give exactly one of next (a JSONata expression) or link: true'],
    [
      { derived: { r: 'a * b' } },
      "derived.r: 'a * b' must be one division: num / den, e.g. revenue / orders",
    ],
    [
      { request: { url: 'https://a.example.com/', headers: { 'Bad Name': 'x' } } },
      'request.headers.Bad Name: must be an HTTP header name',
    ],
  ])('refuses %j', (kpi, message) => {
    expect(problems(kpi).join('\n')).toContain(message);
  });
});

describe('placeholders', () => {
  const tz = 'Europe/Paris';
  const [w] = dayWindows('2026-03-29', '2026-03-29', tz);
  const v = {
    instants: { day_start: w!.start, day_end: w!.end },
    day: w!.date,
    timeZone: tz,
    secrets: new Map([['T', 'a b&c"d']]),
  };

  it('formats instants in the run zone: ISO with offset, utc, local, epoch, epoch_ms', () => {
    expect(w!.start).toBe(localToInstant(2026, 3, 29, 0, 0, tz));
    expect(formatInstant(w!.start, undefined, tz)).toBe('2026-03-29T00:00:00+01:00');
    expect(formatInstant(w!.end, undefined, tz)).toBe('2026-03-30T00:00:00+02:00');
    expect(formatInstant(w!.start, 'utc', tz)).toBe('2026-03-28T23:00:00Z');
    expect(formatInstant(w!.end, 'local', tz)).toBe('2026-03-30 00:00');
    expect(formatInstant(w!.end, 'epoch', tz)).toBe(String(Date.parse('2026-03-29T22:00:00Z') / 1000));
    expect(formatInstant(w!.end, 'epoch_ms', tz)).toBe(String(Date.parse('2026-03-29T22:00:00Z')));
    expect(w!.end - w!.start).toBe(23 * 3_600_000);
  });

  it('encodes each value for where it stands: URL, query, header, JSON body, form body', () => {
    const get = buildRequest(
      {
        method: 'GET',
        url: 'https://a.example.com/d/{{day}}/{{day_start}}?k=${T}',
        query: { q: "t >= '{{day_start:local}}' ${T}", n: 3 },
        headers: { Authorization: 'Bearer ${T}' },
      },
      v,
    );
    expect(get.url.pathname).toBe('/d/2026-03-29/2026-03-29T00%3A00%3A00%2B01%3A00');
    expect(get.url.searchParams.get('k')).toBe('a b&c"d');
    expect(get.url.searchParams.get('q')).toBe(`t >= '2026-03-29 00:00' a b&c"d`);
    expect(get.url.searchParams.get('n')).toBe('3');
    expect(get.headers).toEqual({ Authorization: 'Bearer a b&c"d', Accept: 'application/json' });
    const json = buildRequest(
      {
        method: 'POST',
        url: 'https://a.example.com/',
        body: { q: '${T} {{day_end:utc}}', nested: ['{{day}}', 1] },
      },
      v,
    );
    expect(JSON.parse(json.body!)).toEqual({ q: 'a b&c"d 2026-03-29T22:00:00Z', nested: ['2026-03-29', 1] });
    expect(json.headers['Content-Type']).toBe('application/json');
    const text = buildRequest({ method: 'POST', url: 'https://a.example.com/', body: '{"q": "${T}"}' }, v);
    expect(JSON.parse(text.body!)).toEqual({ q: 'a b&c"d' });
    const form = buildRequest(
      {
        method: 'POST',
        url: 'https://a.example.com/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=${T}&s={{day_start}}',
      },
      v,
    );
    expect(Object.fromEntries(new URLSearchParams(form.body!))).toEqual({
      a: 'a b&c"d',
      s: '2026-03-29T00:00:00+01:00',
    });
  });

  it('an unknown secret name is refused when expanding', () => {
    expect(() => expand('${NOPE}', v, (s) => s)).toThrow('${NOPE} is not in http-secrets');
  });
});

describe('paging pieces', () => {
  it('reads RFC 8288 Link headers: quoted and multiple relation types, relative targets, commas in URLs', () => {
    const base = 'https://api.example.com/items?page=1';
    expect(
      linkNext(
        '<https://api.example.com/items?page=2>; rel="next", <https://api.example.com/items?page=9>; rel="last"',
        base,
      )?.href,
    ).toBe('https://api.example.com/items?page=2');
    expect(linkNext('</items?page=3&f=a,b>; rel="prev next"', base)?.href).toBe(
      'https://api.example.com/items?page=3&f=a,b',
    );
    expect(linkNext('<https://x.example/p2>; title="a;b"; rel=next', base)?.href).toBe(
      'https://x.example/p2',
    );
    expect(linkNext('<https://api.example.com/items?page=9>; rel="last"', base)).toBeUndefined();
    expect(linkNext(undefined, base)).toBeUndefined();
  });

  it('merges next changes key by key; null removes; bad shapes are errors', () => {
    const req = buildRequest(
      { method: 'POST', url: 'https://a.example.com/?a=1&b=2', body: { jql: 'x', startAt: 0 } },
      { instants: {}, timeZone: 'UTC', secrets: new Map() },
    );
    const next = applyNext(req, readNextChanges({ query: { a: null, c: 'z' }, body: { startAt: 50 } })!);
    expect(next.url.search).toBe('?b=2&c=z');
    expect(JSON.parse(next.body!)).toEqual({ jql: 'x', startAt: 50 });
    expect(readNextChanges(undefined)).toBeUndefined();
    expect(readNextChanges(false)).toBeUndefined();
    expect(() => readNextChanges('tok')).toThrow('paginate.next returned "tok"');
    expect(() => readNextChanges({ url: 'x' })).toThrow('return {"query": {...}}');
  });
});

describe('JSONata under caps', () => {
  it('stops a runaway expression at its time limit and refuses a huge result', async () => {
    const slow = await compile('$sum([1..10000000].($ * 2))', {
      timeoutMs: 50,
      stack: 500,
      sequence: 100_000_000,
      maxResultChars: 1e9,
    });
    await expect(slow.evaluate({}, 'UTC')).rejects.toThrow(
      /Evaluation timeout after 50 milliseconds.*JSONata D1012/,
    );
    const big = await compile('[1..100000]', {
      timeoutMs: 5000,
      stack: 500,
      sequence: 1e7,
      maxResultChars: 1000,
    });
    await expect(big.evaluate({}, 'UTC')).rejects.toThrow(/returned \d+ characters of JSON, more than 1000/);
    const deep = await compile('($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))', {
      timeoutMs: 5000,
      stack: 200,
      sequence: 1e6,
      maxResultChars: 1e6,
    });
    await expect(deep.evaluate({}, 'UTC')).rejects.toThrow(/JSONata D1011/);
  });

  it('$day maps instants to the run day; a time without an offset is refused', async () => {
    const e = await compile(
      '[$day("2026-03-29T00:30:00.000+0100"), $day("2026-03-28T23:30:00Z"), $day(1774740600000)]',
    );
    expect(await e.evaluate({}, 'Europe/Paris')).toEqual(['2026-03-29', '2026-03-29', '2026-03-29']);
    await expect((await compile('$day("2026-03-29 10:00")')).evaluate({}, 'UTC')).rejects.toThrow(
      /use an ISO 8601 time with an offset or Z/,
    );
  });
});

describe('http-secrets', () => {
  it('masks each value at once, then checks the lines', () => {
    const s = parseSecrets('# comment\nJIRA_TOKEN = tok-abc123\n\nPROM=p=q=r\n');
    expect([...s]).toEqual([
      ['JIRA_TOKEN', 'tok-abc123'],
      ['PROM', 'p=q=r'],
    ]);
    expect(redact('x tok-abc123 p=q=r')).toBe('x *** ***');
    expect(() => parseSecrets('GOOD=value-one\nthis is not a line with secret-zz9')).toThrow(
      new UserError('http-secrets: line 2 is not NAME=value; write one secret per line, e.g. JIRA_TOKEN=…'),
    );
    // The good line's value was registered before the bad line failed.
    expect(redact('value-one')).toBe('***');
  });

  it('a name used in the config must be given; the CLI reads it from the environment variable of that name', () => {
    const [kpi] = httpSettingsSchema.parse({
      kpis: [
        {
          ...base,
          request: { url: 'https://a.example.com/', headers: { Authorization: 'Bearer ${API_KEY}' } },
        },
      ],
    }).kpis;
    expect(() =>
      resolveSecrets({
        given: new Map(),
        kpis: [kpi!],
        env: { API_KEY: 'from-env-1' },
        fromEnv: false,
      }),
    ).toThrow(
      'config: sources.http.kpis.k.request.headers.Authorization: ${API_KEY} is not in http-secrets; add a line API_KEY=${{ secrets.API_KEY }} to the http-secrets input',
    );
    const got = resolveSecrets({
      given: new Map(),
      kpis: [kpi!],
      env: { API_KEY: 'from-env-1' },
      fromEnv: true,
    });
    expect(got.get('API_KEY')).toBe('from-env-1');
    expect(redact('from-env-1')).toBe('***');
  });
});
