import { describe, expect, it } from '@jest/globals';
import { parseInputs, parseList, parsePrefix } from '../src/inputs.js';
import { SOURCES } from '../src/sources/index.js';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const parse = (inputs: Record<string, string>) =>
  parseInputs((n) => inputs[n] ?? '', { sources: SOURCES, now: NOW, cwd: '/work/repo' });

describe('inputs', () => {
  it('defaults to yesterday in the time zone and to ./kpi-data', () => {
    const o = parse({ source: 'databricks' });
    expect([o.startDate, o.endDate, o.timeZone]).toEqual(['2026-11-27', '2026-11-27', 'UTC']);
    expect(o.store).toEqual({ prefix: 'kpis', outputDir: '/work/repo/kpi-data' });
    // At 10:00 UTC it is already the 28th in Tokyo and still the 28th at 02:00 in Los Angeles.
    expect(parse({ source: 'databricks', timezone: 'Pacific/Kiritimati' }).startDate).toBe('2026-11-28');
    expect(parse({ source: 'databricks', timezone: 'Pacific/Pago_Pago' }).startDate).toBe('2026-11-26');
  });

  it('reads a range, a KPI list and the S3 options', () => {
    const o = parse({
      source: 'github',
      'start-date': '2026-11-01',
      'end-date': '2026-11-27',
      kpis: 'github.issues,\n github.releases ,,',
      's3-bucket': 'my-bucket',
      's3-endpoint': 'http://127.0.0.1:9000/',
      's3-prefix': 'team/kpis/',
      'dry-run': 'true',
    });
    expect(o.kpis).toEqual(['github.issues', 'github.releases']);
    expect(o.store).toEqual({
      prefix: 'team/kpis',
      s3: { bucket: 'my-bucket', endpoint: 'http://127.0.0.1:9000', region: undefined },
    });
    expect(o.dryRun).toBe(true);
  });

  it.each<[Record<string, string>, string]>([
    [{}, 'source: is required; set it to one of github, databricks'],
    [
      { source: 'databrick' },
      "source: 'databrick' is not a source; did you mean 'databricks'?; use one of github",
    ],
    [{ source: 'x' }, "source: 'x' is not a source; use one of github, databricks"],
    [{ source: 'github', kpis: ',,\n ,' }, "kpis: ',,\\n ,' names no KPI"],
    [
      { source: 'databricks', 'databricks-host': 'http://example.com' },
      'databricks-host: the value is not an https URL',
    ],
    [{ source: 'databricks', date: '2026-02-30' }, 'date: 2026-02-30 is not a day of the calendar'],
    [{ source: 'databricks', date: '27/11/2026' }, "date: '27/11/2026' is not a date; use YYYY-MM-DD"],
    [{ source: 'databricks', date: '2026-11-29' }, 'date: 2026-11-29 is in the future'],
    [
      { source: 'databricks', 'start-date': '2026-11-10', 'end-date': '2026-11-01' },
      'end-date: 2026-11-01 is before start-date',
    ],
    [
      { source: 'databricks', date: '2026-11-01', 'start-date': '2026-11-01' },
      'date: cannot be combined with start-date/end-date',
    ],
    [{ source: 'databricks', 'start-date': '2026-11-01' }, 'end-date: is required with start-date'],
    [
      { source: 'databricks', timezone: 'Mars/Olympus' },
      "timezone: 'Mars/Olympus' is not a known IANA time zone",
    ],
    [
      { source: 'databricks', 's3-prefix': '../escape' },
      "s3-prefix: '../escape' has an empty, '.' or '..' segment",
    ],
    [{ source: 'databricks', 's3-prefix': '/abs' }, "s3-prefix: '/abs' is absolute"],
    [
      { source: 'databricks', 's3-prefix': 'kpis/source=github' },
      "s3-prefix: 'kpis/source=github' has a source= or date= segment",
    ],
    [{ source: 'databricks', 's3-prefix': 'a\u0007b' }, 's3-prefix: contains control characters'],
    [
      { source: 'databricks', 's3-bucket': 'Bad_Bucket' },
      "s3-bucket: 'Bad_Bucket' is not a valid bucket name",
    ],
    [
      { source: 'databricks', 's3-bucket': 'b-1', 's3-endpoint': 'ftp://x' },
      's3-endpoint: the value is not an http(s) URL',
    ],
    [{ source: 'databricks', 's3-endpoint': 'http://x' }, 's3-endpoint: is set but s3-bucket is not'],
    [{ source: 'databricks', 'aws-region': 'eu-west-1' }, 'aws-region: is set but s3-bucket is not'],
    [{ source: 'databricks', 'dry-run': 'yes' }, "dry-run: 'yes' is not a boolean"],
    [
      { source: 'databricks', 'start-date': '2010-01-01', 'end-date': '2026-11-01' },
      'more than 3660; split it or raise max-days',
    ],
    [{ source: 'databricks', 'max-days': 'ten' }, "max-days: 'ten' is not a positive whole number"],
    [
      { source: 'databricks', 'databricks-token': 'dapi1\r\nX-Injected: 1' },
      'databricks-token: contains control characters',
    ],
    [
      { source: 'postgres', 'postgres-url': 'postgres://u:p@h/db\u0000' },
      'postgres-url: contains control characters',
    ],
  ])('refuses %j with one line naming the input', (inputs, message) => {
    let error: Error | undefined;
    try {
      parse(inputs);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('UserError');
    expect(error?.message).toContain(message);
    expect(error?.message).not.toMatch(/\n/);
    expect(error?.message).not.toContain('dapi1');
  });

  it('spells the time zone canonically', () => {
    expect(parse({ source: 'databricks', timezone: 'europe/paris' }).timeZone).toBe('Europe/Paris');
    expect(parse({ source: 'databricks', timezone: 'etc/utc' }).timeZone).toBe('UTC');
  });

  it('splits lists and keeps prefixes inside the layout', () => {
    expect(parseList('a, b\nc,,')).toEqual(['a', 'b', 'c']);
    expect(parsePrefix('kpis')).toBe('kpis');
    expect(() => parsePrefix('a/./b')).toThrow('segment');
    expect(() => parsePrefix('C:\\x')).toThrow('absolute');
  });
});
