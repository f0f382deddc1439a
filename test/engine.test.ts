import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../src/store/csv.js';
import { startS3, type LocalS3 } from './helpers/s3.js';
import { listFiles, runCli, tempDir, TEST_SECRETS } from './helpers/run-cli.js';
import { expectedCount, expectedSeconds } from './helpers/test-source.js';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.stop();
});

async function readDay(dir: string, date: string, source = 'testsrc') {
  const text = await fs.readFile(
    path.join(dir, 'kpis', `source=${source}`, `date=${date}`, 'kpis.csv'),
    'utf8',
  );
  return Object.fromEntries(parseCsv(text, date).map((r) => [r.variable, r.value]));
}

describe('a run end to end with the test source', () => {
  it('writes one object per day with every KPI, zeros included', async () => {
    const dir = await tempDir();
    const r = await runCli(
      [
        'collect',
        '--source',
        'testsrc',
        '--start-date',
        '2026-10-30',
        '--end-date',
        '2026-11-02',
        '--output-dir',
        dir,
      ],
      TEST_SECRETS,
    );
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(await listFiles(dir)).toEqual(
      ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'].map(
        (d) => `kpis/source=testsrc/date=${d}/kpis.csv`,
      ),
    );
    for (const date of ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']) {
      expect(await readDay(dir, date)).toEqual({
        'testsrc.events.count': expectedCount(date),
        'testsrc.events.seconds': expectedSeconds(date),
        'testsrc.other.value': 7,
        'testsrc.sparse.n': expectedCount(date) % 2 === 0 ? 2 : 0,
      });
    }
    expect(r.stdout).toContain('3 of 3 KPI(s) collected, 16 row(s), 4 object(s) written.');
    // The summary's trend: the last day's figures and 14 days read back from the store (10 of them empty).
    expect(r.stdout).toContain('### Figures of 2026-11-02, and the last 14 days');
    const row = r.stdout.split('\n').find((l) => l.startsWith('| `testsrc.events.count` |'))!;
    const [, , value, trend, days] = row.split('|').map((c) => c.trim());
    expect([value, days]).toEqual(['2', '4']);
    expect([...trend!]).toHaveLength(14);
    expect(trend!.slice(0, 10)).toBe('·'.repeat(10));
    // 30, 31, 1, 2: the two high days share the top bar, the two low ones the bottom.
    expect(trend![10]).toBe(trend![11]);
    expect(trend![12]).toBe(trend![13]);
    expect(trend![10]! > trend![12]!).toBe(true);
    expect(r.stdout).toContain('| `testsrc.events.avg_seconds` |');
  });

  it('keeps going when one KPI fails: the others are written, the failed one keeps its old rows, exit 1', async () => {
    const dir = await tempDir();
    const args = ['collect', '--source', 'testsrc', '--date', '2026-11-20', '--output-dir', dir];
    expect((await runCli(args, TEST_SECRETS)).code).toBe(0);
    const config = path.join(dir, 'kpis.yml');
    await fs.writeFile(
      config,
      'sources:\n  testsrc:\n    fail: [testsrc.events]\n    kpis:\n      other: { value: 9 }\n',
    );
    const r = await runCli([...args, '--config', config], TEST_SECRETS);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: testsrc.events: the test source was told to fail');
    expect(r.stdout).toContain('❌ failed');
    expect(await readDay(dir, '2026-11-20')).toEqual({
      'testsrc.events.count': 20, // from the first run, untouched
      'testsrc.events.seconds': 1120,
      'testsrc.other.value': 9, // re-collected with the new param
      'testsrc.sparse.n': 2,
    });
  });

  it('runs only the KPIs asked for, or those the config enables', async () => {
    const dir = await tempDir();
    const config = path.join(dir, 'kpis.yml');
    await fs.writeFile(
      config,
      'sources:\n  testsrc:\n    kpis:\n      sparse: false\n      events: { enabled: false }\n',
    );
    const base = [
      'collect',
      '--source',
      'testsrc',
      '--date',
      '2026-11-20',
      '--output-dir',
      dir,
      '--config',
      config,
    ];
    expect((await runCli(base, TEST_SECRETS)).code).toBe(0);
    expect(Object.keys(await readDay(dir, '2026-11-20'))).toEqual(['testsrc.other.value']);
    expect((await runCli([...base, '--kpis', 'testsrc.sparse'], TEST_SECRETS)).code).toBe(0);
    expect(Object.keys(await readDay(dir, '2026-11-20'))).toEqual([
      'testsrc.other.value',
      'testsrc.sparse.n',
    ]);
  });

  it('writes to S3 and, with dry-run, writes nothing and prints the rows', async () => {
    const prefix = `engine-${Date.now()}`;
    const s3args = ['--s3-bucket', s3.bucket, '--s3-endpoint', s3.endpoint, '--s3-prefix', prefix];
    const r = await runCli(['collect', '--source', 'testsrc', '--date', '2026-11-03', ...s3args], {
      ...TEST_SECRETS,
      ...s3.env,
    });
    expect(r.code).toBe(0);
    expect(await s3.keys(prefix)).toEqual([`${prefix}/source=testsrc/date=2026-11-03/kpis.csv`]);
    const rows = parseCsv(await s3.read(`${prefix}/source=testsrc/date=2026-11-03/kpis.csv`), 's3');
    expect(rows.find((x) => x.variable === 'testsrc.events.seconds')?.value).toBe(
      expectedSeconds('2026-11-03'),
    );

    const dry = await runCli(
      ['collect', '--source', 'testsrc', '--date', '2026-11-04', '--dry-run', ...s3args],
      TEST_SECRETS,
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('2026-11-04,testsrc,testsrc.events.count,4');
    expect(await s3.keys(prefix)).toHaveLength(1);
  });

  it('prints progress lines on long collections', async () => {
    const dir = await tempDir();
    const config = path.join(dir, 'kpis.yml');
    await fs.writeFile(config, 'sources:\n  testsrc:\n    delay_ms: 1200\n');
    const r = await runCli(
      [
        'collect',
        '--source',
        'testsrc',
        '--start-date',
        '2026-11-01',
        '--end-date',
        '2026-11-06',
        '--output-dir',
        dir,
        '--config',
        config,
        '--kpis',
        'testsrc.events',
      ],
      TEST_SECRETS,
      { progressMs: 300 },
    );
    expect(r.code).toBe(0);
    const lines = r.stderr
      .split('\n')
      .filter((l) => /^testsrc\.events: \d+\/6 days \(\d+ %\), \d+ s$/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThan(6); // throttled: six steps of 0.2 s, lines at least 0.3 s apart
  });

  it('warns that today is not over, and creates no folder when nothing is written', async () => {
    const dir = await tempDir();
    const today = new Date().toISOString().slice(0, 10);
    const r = await runCli(
      ['collect', '--source', 'testsrc', '--date', today, '--output-dir', dir, '--kpis', 'testsrc.other'],
      TEST_SECRETS,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning: ${today} is today in UTC: the day is not over, so its figures are partial`,
    );
    const out = path.join(dir, 'never');
    const cfg = path.join(dir, 'fail.yml');
    await fs.writeFile(cfg, 'sources:\n  testsrc:\n    fail: [testsrc.other]\n');
    const failed = await runCli(
      [
        'collect',
        '--source',
        'testsrc',
        '--date',
        '2026-11-20',
        '--output-dir',
        out,
        '--config',
        cfg,
        '--kpis',
        'testsrc.other',
      ],
      TEST_SECRETS,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('kpi-collector: every KPI failed (testsrc.other); nothing was written');
    await expect(fs.stat(out)).rejects.toThrow('ENOENT');
  });

  it('reads .github/kpis.yml when no config is named', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, '.github'));
    await fs.writeFile(
      path.join(dir, '.github', 'kpis.yml'),
      'sources:\n  testsrc:\n    kpis:\n      other: { value: 42 }\n',
    );
    const r = await runCli(
      [
        'collect',
        '--source',
        'testsrc',
        '--date',
        '2026-11-20',
        '--output-dir',
        dir,
        '--kpis',
        'testsrc.other',
      ],
      TEST_SECRETS,
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(await readDay(dir, '2026-11-20')).toEqual({ 'testsrc.other.value': 42 });
  });
});

describe('bad input: one line naming the input and the fix, exit 1, nothing written', () => {
  const cases: Array<[string, string[], string, (dir: string) => Promise<void>]> = [
    ['missing source', [], 'source: is required', async () => {}],
    [
      'unknown source',
      ['--source', 'nosuch'],
      "source: 'nosuch' is not a source; use one of testsrc, othersrc",
      async () => {},
    ],
    [
      'impossible date',
      ['--source', 'testsrc', '--date', '2026-02-30'],
      'date: 2026-02-30 is not a day of the calendar',
      async () => {},
    ],
    [
      'malformed date',
      ['--source', 'testsrc', '--date', 'yesterday'],
      "date: 'yesterday' is not a date",
      async () => {},
    ],
    [
      'future date',
      ['--source', 'testsrc', '--date', '2999-01-01'],
      'date: 2999-01-01 is in the future',
      async () => {},
    ],
    [
      'end before start',
      ['--source', 'testsrc', '--start-date', '2026-11-05', '--end-date', '2026-11-01'],
      'end-date: 2026-11-01 is before start-date 2026-11-05',
      async () => {},
    ],
    [
      'date and range',
      ['--source', 'testsrc', '--date', '2026-11-05', '--end-date', '2026-11-06'],
      'date: cannot be combined',
      async () => {},
    ],
    [
      'unknown timezone',
      ['--source', 'testsrc', '--timezone', 'Europe/Atlantis'],
      "timezone: 'Europe/Atlantis' is not a known IANA time zone",
      async () => {},
    ],
    [
      'unknown KPI',
      ['--source', 'testsrc', '--kpis', 'testsrc.nope'],
      "kpis: 'testsrc.nope' is not a KPI of source testsrc; known: testsrc.events, testsrc.other, testsrc.sparse",
      async () => {},
    ],
    [
      'KPI of another source',
      ['--source', 'testsrc', '--kpis', 'othersrc.thing'],
      "kpis: 'othersrc.thing' belongs to source othersrc, not testsrc",
      async () => {},
    ],
    [
      'prefix escaping the layout',
      ['--source', 'testsrc', '--s3-prefix', 'a/../../etc'],
      "s3-prefix: 'a/../../etc' has an empty, '.' or '..' segment",
      async () => {},
    ],
    [
      'absolute prefix',
      ['--source', 'testsrc', '--s3-prefix', '/etc'],
      "s3-prefix: '/etc' is absolute",
      async () => {},
    ],
    [
      'config that is not YAML',
      ['--source', 'testsrc', '--config', 'CFG'],
      'is not valid YAML',
      async (dir) => fs.writeFile(path.join(dir, 'CFG'), 'sources: [unclosed\n'),
    ],
    [
      'config not matching the schema',
      ['--source', 'testsrc', '--config', 'CFG'],
      'sources.testsrc.kpis.events.scale: expected number, received string',
      async (dir) =>
        fs.writeFile(
          path.join(dir, 'CFG'),
          'sources:\n  testsrc:\n    kpis:\n      events: { scale: fast }\n',
        ),
    ],
    [
      'config with an unknown key',
      ['--source', 'testsrc', '--config', 'CFG'],
      "sources.testsrc: unknown key 'kpi'",
      async (dir) => fs.writeFile(path.join(dir, 'CFG'), 'sources:\n  testsrc:\n    kpi: {}\n'),
    ],
    [
      'config with an alias bomb',
      ['--source', 'testsrc', '--config', 'CFG'],
      'is refused: Excessive alias count',
      async (dir) =>
        fs.writeFile(
          path.join(dir, 'CFG'),
          'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
        ),
    ],
    [
      'config too large',
      ['--source', 'testsrc', '--config', 'CFG'],
      'over the 1048576-byte limit',
      async (dir) => fs.writeFile(path.join(dir, 'CFG'), '#'.repeat(1024 * 1024 + 1)),
    ],
    [
      'named config missing',
      ['--source', 'testsrc', '--config', 'missing.yml'],
      'does not exist or cannot be read; fix the path or remove the input',
      async () => {},
    ],
  ];

  it.each(cases)('%s', async (_name, args, message, prepare) => {
    const dir = await tempDir();
    await prepare(dir);
    const fixed = args.map((a) =>
      a === 'CFG' ? path.join(dir, 'CFG') : a === 'missing.yml' ? path.join(dir, a) : a,
    );
    const out = path.join(dir, 'out');
    const r = await runCli(['collect', ...fixed, '--output-dir', out], TEST_SECRETS);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
    expect(await listFiles(out)).toEqual([]);
  });

  it('a missing secret names the input and the variable, never a value', async () => {
    const dir = await tempDir();
    const r = await runCli(['collect', '--source', 'testsrc', '--output-dir', dir], {
      DATABRICKS_HOST: 'https://x.example',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'kpi-collector: databricks-token: is required for source testsrc; pass it from a repository secret (CLI: set DATABRICKS_TOKEN)',
    );
    expect(await listFiles(dir)).toEqual([]);
  });

  it('a host that is not a URL', async () => {
    const dir = await tempDir();
    const r = await runCli(['collect', '--source', 'testsrc', '--output-dir', dir], {
      ...TEST_SECRETS,
      DATABRICKS_HOST: 'not a url',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('databricks-host: the value is not a URL');
    expect(r.stderr).not.toContain('not a url');
    expect(await listFiles(dir)).toEqual([]);
  });

  it('a bucket that does not exist', async () => {
    const dir = await tempDir();
    const r = await runCli(
      [
        'collect',
        '--source',
        'testsrc',
        '--s3-bucket',
        'missing-bucket',
        '--s3-endpoint',
        s3.endpoint,
        '--output-dir',
        dir,
        '--s3-prefix',
        'nobucket',
      ],
      { ...TEST_SECRETS, ...s3.env },
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "kpi-collector: s3-bucket: bucket 'missing-bucket' does not exist; create it or fix the name",
    );
    expect(await listFiles(dir)).toEqual([]);
    expect(await s3.keys('nobucket')).toEqual([]);
  });

  it('an unknown flag', async () => {
    const r = await runCli(['collect', '--source', 'testsrc', '--bucket', 'x'], TEST_SECRETS);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "kpi-collector: collect: unknown option '--bucket'; did you mean '--s3-bucket'?; see kpi-collector collect --help",
    );
    expect(r.stderr).not.toContain('ERR_PARSE_ARGS');
  });
});
