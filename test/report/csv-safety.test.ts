import { describe, it, expect } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../src/errors.js';
import { reportCommand } from '../../src/report/command.js';
import { csvCell } from '../../src/report/format.js';
import { LocalStore } from '../../src/store/local-store.js';
import { memoryIo, RPT_SOURCES, storeDay, tempDir } from './fixtures.js';

/** Parses RFC 4180 text independently of the code under test: records of fields. */
function parseRfc4180(text: string): string[][] {
  const out: string[][] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/gy;
  let record: string[] = [];
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    const raw = m[1]!;
    record.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] !== ',') {
      out.push(record);
      record = [];
    }
  }
  return out;
}

describe('report --format csv against crafted cells', () => {
  it('neutralises formula starts and quotes separators, leaving numbers alone', () => {
    const cases: Array<[string, string]> = [
      ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
      ['+1+2', "'+1+2"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tx', "'\tx"],
      ['a,b', '"a,b"'],
      ['line\r\nbreak', '"line\r\nbreak"'],
      ['-12.5', '-12.5'],
      ['-1e-7', '-1e-7'],
      ['> 3600', '> 3600'],
      ['rpt.startup.avg_seconds', 'rpt.startup.avg_seconds'],
    ];
    for (const [input, expected] of cases) expect(csvCell(input)).toBe(expected);
    // Every cell reads back as one field.
    for (const [input] of cases) expect(parseRfc4180(csvCell(input))[0]).toHaveLength(1);
  });

  it('refuses a stored variable that is not an id of its source, naming the object, before printing', async () => {
    const root = await tempDir('crafted');
    await storeDay(new LocalStore(root), 'kpis', 'rpt.events', '2026-03-02', { n: 4 });
    const file = path.join(root, 'kpis', 'source=rpt', 'date=2026-03-02', 'kpis.csv');
    const crafted = [
      '"rpt.events.x,=cmd|\' /C calc\'!A0"',
      '"=HYPERLINK(""http://evil.example"",""x"")"',
      'rpt.events.N',
      'other.events.n',
    ];
    for (const variable of crafted) {
      const body =
        'date,source,variable,value,collected_at\r\n' +
        `2026-03-02,rpt,rpt.events.n,4,2026-03-03T00:00:00Z\r\n` +
        `2026-03-02,rpt,${variable},1,2026-03-03T00:00:00Z\r\n`;
      await fs.writeFile(file, body);
      const m = memoryIo();
      const run = reportCommand(
        ['--store', path.join(root, 'kpis'), '--from', '2026-03-02', '--to', '2026-03-02', '--format', 'csv'],
        m.io,
        RPT_SOURCES,
      );
      await expect(run).rejects.toThrow(UserError);
      await expect(run).rejects.toThrow(
        /kpis\.csv: the variable .* is not a dotted lowercase id of source rpt/,
      );
      expect(m.out()).toBe('');
    }
    // The same object with valid ids reports, and every record of the csv has the header's six fields.
    await fs.writeFile(
      file,
      'date,source,variable,value,collected_at\r\n2026-03-02,rpt,rpt.events.n,4,2026-03-03T00:00:00Z\r\n',
    );
    const m = memoryIo();
    await reportCommand(
      ['--store', path.join(root, 'kpis'), '--from', '2026-03-02', '--to', '2026-03-02', '--format', 'csv'],
      m.io,
      RPT_SOURCES,
    );
    const records = parseRfc4180(m.out());
    expect(records[0]).toEqual(['period_start', 'period_end', 'variable', 'value', 'days', 'note']);
    for (const r of records) expect(r).toHaveLength(6);
    expect(records).toContainEqual(['2026-03-02', '2026-03-02', 'rpt.events.n', '4', '1', '']);
    await fs.rm(root, { recursive: true, force: true });
  });
});
