import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers/runner.js';

/**
 * Measured figures quoted in the READMEs come from a benchmark's record (bench/<NAME>.md), the convention of
 * bench/README.md: a row of bench/README.md's table is checked against the record of the benchmark in its
 * `run` column; elsewhere, figures sit between `<!-- figures: bench/<NAME>.md -->` and `<!-- /figures -->`.
 */

const READMES = [
  'README.md',
  'bench/README.md',
  'docs/QUERYING.md',
  ...readdirSync(path.join(ROOT, 'src/sources'))
    .map((d) => `src/sources/${d}/README.md`)
    .filter((f) => existsSync(path.join(ROOT, f))),
];

/** Numbers of a text: `2,373`, `9.92`, `1.000`; code spans, links' targets and ~~superseded~~ figures left out. */
export function numbers(text: string): string[] {
  const prose = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/~~.*?~~/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/<!--.*?-->/g, ' ');
  return [...prose.matchAll(/(?<![\w.])\d[\d,]*(?:\.\d+)?/g)].map((m) => m[0].replace(/,/g, ''));
}

const decimals = (n: string) => (n.includes('.') ? n.length - n.indexOf('.') - 1 : 0);

/** A quoted number agrees with a record that holds it, or holds a more precise number that rounds to it. */
export function recorded(quoted: string, record: ReadonlySet<string>): boolean {
  if (record.has(quoted)) return true;
  const d = decimals(quoted);
  for (const r of record) if (decimals(r) > d && Number(r).toFixed(d) === quoted) return true;
  return false;
}

const records = new Map<string, Set<string>>();
function record(file: string): Set<string> {
  let set = records.get(file);
  if (!set) {
    const full = path.join(ROOT, file);
    if (!existsSync(full)) throw new Error(`the record ${file} does not exist`);
    records.set(file, (set = new Set(numbers(readFileSync(full, 'utf8')))));
  }
  return set;
}

/** A figure that reads as a measurement (time, memory, a ratio against a bound). */
const MEASURED = /\d\s?(ms|MB|GB|×)(?!\w)/;

interface Finding {
  file: string;
  line: number;
  problem: string;
}

function check(file: string, text: string): Finding[] {
  const out: Finding[] = [];
  let span: string[] | undefined;
  let row: string | undefined; // bench/README.md: the record of the current table row's benchmark
  text.split('\n').forEach((line, i) => {
    const at = { file, line: i + 1 };
    const open = /<!-- figures: ([^>]+?) -->/.exec(line);
    if (open) {
      span = open[1]!.split(/\s+/);
      return;
    }
    if (/<!-- \/figures -->/.test(line)) {
      span = undefined;
      return;
    }
    let sources = span;
    if (!sources && file === 'bench/README.md' && line.startsWith('|') && !/^\|\s*-/.test(line)) {
      const run = /`npx tsx (bench\/[\w-]+)\.ts`/.exec(line);
      if (run) row = `bench/${path.basename(run[1]!).toUpperCase()}.md`;
      const first = line.split('|')[1]!.trim();
      if (first === 'benchmark') return; // the header
      if (!run && first !== '') row = undefined; // a new benchmark without a run command
      sources = row ? [row] : undefined;
    }
    if (!sources) {
      if (MEASURED.test(line.replace(/`[^`]*`/g, ''))) {
        out.push({
          ...at,
          problem: `a measured figure outside a figures span: ${line.trim().slice(0, 100)}`,
        });
      }
      return;
    }
    const held = new Set(sources.flatMap((s) => [...record(s)]));
    for (const n of numbers(line)) {
      if (!recorded(n, held)) out.push({ ...at, problem: `${n} is not in ${sources.join(', ')}` });
    }
  });
  if (span) out.push({ file, line: 0, problem: 'a figures span is never closed' });
  return out;
}

describe('figures quoted in READMEs', () => {
  it('come from the record of their benchmark', () => {
    const findings = READMES.flatMap((f) => check(f, readFileSync(path.join(ROOT, f), 'utf8')));
    expect(findings).toEqual([]);
    // The convention is in use: the READMEs quote figures from every record.
    const used = new Set(
      READMES.flatMap((f) => [
        ...readFileSync(path.join(ROOT, f), 'utf8').matchAll(
          /<!-- figures: ([^>]+?) -->|`npx tsx (bench\/\w+)\.ts`/g,
        ),
      ]).map((m) => (m[1] ? m[1] : `bench/${path.basename(m[2]!).toUpperCase()}.md`)),
    );
    for (const r of ['bench/DATABRICKS.md', 'bench/GITHUB.md', 'bench/REPORT.md']) expect(used).toContain(r);
  });

  it('catches a figure its record does not hold, a stale one, and a measurement outside a span', () => {
    expect(numbers('wall **9.9–10.6 s** at `bench/x.ts` of 2,000 clusters')).toEqual(['9.9', '10.6', '2000']);
    const rec = new Set(['9.92', '10.60', '2000', '547']);
    expect(recorded('9.9', rec)).toBe(true);
    expect(recorded('10.6', rec)).toBe(true);
    expect(recorded('548', rec)).toBe(false);
    expect(recorded('9.93', rec)).toBe(false);
    const stale =
      '<!-- figures: bench/DATABRICKS.md -->\nit reported ~588.5 s where the true average is ~219 s\n<!-- /figures -->';
    expect(check('x.md', stale)).toEqual([
      { file: 'x.md', line: 2, problem: '588.5 is not in bench/DATABRICKS.md' },
    ]);
    // A record's superseded figures (struck through) don't count: the old 588 s of bench/DATABRICKS.md.
    expect(readFileSync(path.join(ROOT, 'bench/DATABRICKS.md'), 'utf8')).toContain('~~588 s');
    expect(check('x.md', stale.replace('588.5', '588'))).toHaveLength(1);
    expect(check('x.md', 'starts in 120 ms')).toHaveLength(1);
    expect(check('x.md', 'a timeout of 30 s')).toEqual([]);
    expect(
      check('bench/README.md', '| Report | `npx tsx bench/report.ts` | read | 58 ms, 9999 ms | |'),
    ).toEqual([{ file: 'bench/README.md', line: 1, problem: '9999 is not in bench/REPORT.md' }]);
  });
});
