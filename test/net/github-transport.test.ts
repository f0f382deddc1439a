import { afterEach, describe, expect, it } from '@jest/globals';
import { UserError, errorMessage } from '../../src/errors.js';
import { MemoryLogger } from '../../src/log.js';
import { PagingError } from '../../src/net/http.js';
import { clearSecrets, redact, registerSecret } from '../../src/redact.js';
import { DEFAULT_CLIENT_OPTIONS, GithubClient, type ClientOptions } from '../../src/sources/github/client.js';
import { emptyData, fakeServers, runEngine, testOptions, TOKEN } from '../github/helpers.js';
import { closedPort, startServer, type TestServer } from './servers.js';

const fakes = fakeServers();
const others: TestServer[] = [];
afterEach(async () => {
  await fakes.stopAll();
  await Promise.all(others.splice(0).map((s) => s.close()));
  clearSecrets();
});

const client = (url: string, options: Partial<ClientOptions> = {}): GithubClient =>
  new GithubClient(
    TOKEN,
    url,
    { ...DEFAULT_CLIENT_OPTIONS, ...testOptions(), ...options },
    new MemoryLogger(),
    new AbortController().signal,
  );

/** A simulated clock: every wait is recorded and moves the clock on at once. */
function simulatedClock(): { sleeps: number[]; now: () => number; options: Partial<ClientOptions> } {
  const clock = { now: Date.parse('2025-05-02T10:00:00Z') };
  const sleeps: number[] = [];
  const now = (): number => clock.now;
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    clock.now += ms;
  };
  return { sleeps, now, options: { now, sleep, graphqlMinIntervalMs: 0, maxRateLimitWaitMs: 2 * 3_600_000 } };
}

/** An org with more repositories than one page of 100. */
const manyRepos = (): ReturnType<typeof emptyData> =>
  emptyData(Array.from({ length: 150 }, (_, i) => `o/r${String(i).padStart(3, '0')}`));

const listRepos = (c: GithubClient, seen: string[] = []): Promise<void> =>
  c.paginate<Array<{ name: string }>>('GET /orgs/{org}/repos', { org: 'o' }, (page) => {
    for (const r of page) seen.push(r.name);
  });

describe('GitHub paging (issue 14, items 3 and 5)', () => {
  it('item 5: a Link rel="next" to another origin is refused and nothing is sent there', async () => {
    const other = await startServer((_req, res) => res.end('[]'));
    others.push(other);
    const f = await fakes.start(manyRepos());
    f.tamperLink = (link) => link.split(f.url).join(other.url);
    const err = await listRepos(client(f.url)).catch((e: unknown) => e);
    expect(errorMessage(err)).toContain(`the next page is on another origin (127.0.0.1:${other.port}`);
    expect(other.requests).toEqual([]);
  });

  it('item 3: a Link rel="next" that repeats stops the listing', async () => {
    const f = await fakes.start(manyRepos());
    f.tamperLink = () => `<${f.url}/orgs/o/repos?per_page=100&page=2>; rel="next"`;
    const err = await listRepos(client(f.url)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PagingError);
    expect(f.requests.filter((r) => r.path === '/orgs/o/repos')).toHaveLength(2);
  });

  it('item 3: a listing page of the wrong shape fails, naming the route', async () => {
    const f = await fakes.start(manyRepos());
    f.tamperRest = (path, body) => (path === '/orgs/o/repos' ? { message: 'maintenance' } : body);
    await expect(listRepos(client(f.url))).rejects.toThrow(
      /GET \/orgs\/\{org\}\/repos: page 1 is not a listing/,
    );
  });

  it('item 3: the page cap stops a listing that never ends', async () => {
    const f = await fakes.start(manyRepos());
    let n = 2;
    f.tamperLink = () => `<${f.url}/orgs/o/repos?per_page=100&page=${n++}>; rel="next"`;
    const err = await listRepos(client(f.url, { maxPages: 5 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PagingError);
    expect(String(err)).toContain('more than 5 pages');
    expect(f.requests.filter((r) => r.path === '/orgs/o/repos')).toHaveLength(5);
  });
});

describe('GitHub secrets and URLs (issue 14, item 5)', () => {
  it('item 5: an error excerpt is redacted before it is cut (no prefix of the token survives)', async () => {
    registerSecret(TOKEN);
    const f = await fakes.start(emptyData(['o/a']));
    // The token echoed where a cut at 200 characters would split it.
    const page = `<html><body>${'x'.repeat(185)} Authorization: token ${TOKEN} more</body></html>`;
    f.fail({ match: /^GET \/rate_limit/, kind: 'gateway', page, times: 10 });
    const err = await client(f.url, { transientAttempts: 1 })
      .fetchRateLimits()
      .catch((e: unknown) => e);
    const shown = redact(errorMessage(err));
    expect(shown).toContain('502 Bad Gateway');
    expect(shown).not.toContain(TOKEN.slice(0, 8));
  });

  it('item 5: api_url over plain http is refused unless on loopback', () => {
    const make = (url: string): GithubClient => client(url);
    expect(() => make('http://github.example.com/api/v3')).toThrow(UserError);
    expect(() => make('http://github.example.com/api/v3')).toThrow(/GITHUB_API_URL.*not https/);
    expect(() => make('https://github.example.com/api/v3')).not.toThrow();
    expect(() => make('http://127.0.0.1:1234')).not.toThrow();
    expect(() => make('http://[::1]:1234')).not.toThrow();
  });
});

describe('GitHub rate limits answered with HTTP 200 (issue 14, item 7)', () => {
  it.each(['RATE_LIMIT', 'RATE_LIMITED'] as const)(
    'item 7: a GraphQL primary limit of type %s waits until x-ratelimit-reset, then succeeds',
    async (type) => {
      const sim = simulatedClock();
      const f = await fakes.start(emptyData(['o/a']), {
        limits: { core: 5000, search: 30, graphql: 1 },
        now: sim.now,
        graphqlRateLimitType: type,
      });
      const c = client(f.url, sim.options);
      const q = 'query { rateLimit { remaining } }';
      await c.graphqlStrict(q);
      const second = await c.graphqlStrict<{ rateLimit: { remaining: number } }>(q);
      expect(second.rateLimit.remaining).toBe(0);
      expect(sim.sleeps).toHaveLength(1);
      // The fake's window opened at the first request and resets an hour later.
      expect(sim.sleeps[0]).toBeGreaterThan(3_590_000);
    },
  );

  it('item 7: a GraphQL secondary limit answered with 200 waits retry-after, then succeeds', async () => {
    const sim = simulatedClock();
    const f = await fakes.start(emptyData(['o/a']), { now: sim.now });
    f.fail({ match: /^POST \/graphql/, kind: 'secondary', status: 200, retryAfter: 7 });
    const data = await client(f.url, sim.options).graphqlStrict<{ rateLimit: unknown }>(
      'query { rateLimit { remaining } }',
    );
    expect(data.rateLimit).toBeDefined();
    expect(sim.sleeps).toEqual([7000]);
    expect(f.requests.filter((r) => r.path === '/graphql').map((r) => r.status)).toEqual([200, 200]);
  });

  it('item 7: once a primary limit is hit, queued requests wait for the reset instead of going out', async () => {
    // Requests spaced 250 ms apart (the plugin's queue, as GraphQL's 1 s spacing makes in production);
    // a wait takes 300 ms of real time and then moves the simulated clock past it, so requests queued
    // behind the limited one are released while it is still waiting.
    const clock = { now: Date.parse('2025-05-02T10:00:00Z') };
    const now = (): number => clock.now;
    const sleep = async (ms: number): Promise<void> => {
      const until = clock.now + ms;
      await new Promise((r) => setTimeout(r, 300));
      clock.now = Math.max(clock.now, until);
    };
    const f = await fakes.start(emptyData(['o/a']), { limits: { core: 5000, search: 30, graphql: 3 }, now });
    const c = client(f.url, { now, sleep, graphqlMinIntervalMs: 250, maxRateLimitWaitMs: 2 * 3_600_000 });
    const q = 'query { rateLimit { remaining } }';
    await Promise.all(Array.from({ length: 6 }, () => c.graphqlStrict(q)));
    // Three answers in the first window, three after its reset, and exactly one request sent into the
    // exhausted limit: the one that found it.
    expect(f.requests.filter((r) => r.path === '/graphql')).toHaveLength(7);
  });

  it('item 7: incomplete_results on a later page fails the KPI rather than store short figures', async () => {
    const data = emptyData(['o/a']);
    const at = Date.parse('2025-05-01T10:00:00Z');
    for (let i = 0; i < 150; i++) {
      data.issues.push({
        repo: 'o/a',
        number: i + 1,
        user: { login: 'u', type: 'User' },
        created: at - 86_400_000,
        updated: at + i * 1000,
        closed: at + i * 1000,
      });
    }
    const f = await fakes.start(data, { limits: { core: 5000, search: 1000, graphql: 5000 } });
    f.incompleteWhen = (_q, page) => page === 2;
    const { report, stored } = await runEngine({
      apiUrl: f.url,
      config: 'sources:\n  github:\n    repos: [o/a]\n',
      start: '2025-05-01',
      end: '2025-05-01',
      timeZone: 'UTC',
      kpis: 'github.issues',
    });
    const issues = report.kpis.find((k) => k.id === 'github.issues');
    expect(issues?.ok).toBe(false);
    expect(issues?.error).toMatch(/stayed incomplete/);
    expect(
      [...(stored.get('2025-05-01')?.keys() ?? [])].filter((v) => v.startsWith('github.issues')),
    ).toEqual([]);
  });
});

describe('GitHub API host unreachable (issue 16, item 4)', () => {
  it('connection refused fails after one short retry, naming the host', async () => {
    const port = await closedPort();
    const sleeps: number[] = [];
    const c = client(`http://127.0.0.1:${port}`, { ...testOptions(sleeps), transientAttempts: 6 });
    const err = await c.fetchRateLimits().catch((e: unknown) => e);
    expect(errorMessage(err)).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`));
    expect(sleeps).toHaveLength(1);
    expect(c.stats.requests.core).toBe(2);
  });
});
