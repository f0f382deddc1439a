import type { Row } from '../kpi.js';

/** Rows as stored: the long format plus the time they were collected. */
export interface StoredRow extends Row {
  collected_at: string;
}

const HEADER = ['date', 'source', 'variable', 'value', 'collected_at'] as const;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ID_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

/** A stored variable of the source: `<source>.<kpi>.<component>`, dotted lowercase ids (what the writer allows). */
export function isVariableOf(source: string, variable: string): boolean {
  return ID_RE.test(variable) && variable.startsWith(`${source}.`) && variable.length <= 200;
}
// Empty for rows kept from objects written without the column (readers accept the first four alone).
const TIMESTAMP_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/;

/**
 * RFC 4180 CSV with CRLF line ends. Every field is a validated date, id, number or timestamp, so nothing
 * needs quoting and no cell can start with '=', '+', '-' followed by text, or '@' (no spreadsheet formula).
 */
export function formatCsv(rows: readonly StoredRow[]): string {
  const lines = [HEADER.join(',')];
  for (const r of rows) {
    assertRow(r);
    lines.push([r.date, r.source, r.variable, formatNumber(r.value), r.collected_at].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * A value in its shortest exact form. Integers as they are. A fraction is cut to 15 significant digits, the
 * most a double always carries exactly from decimal text: digits past them are artefacts of binary
 * arithmetic (`0.1 + 0.2` is `0.30000000000000004`; written `0.3`), never information a source measured.
 * Sums of seconds are already exact to the millisecond (the Accumulator adds them in whole milliseconds).
 */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '0';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

function assertRow(r: StoredRow): void {
  if (!DATE_RE.test(r.date)) throw new Error(`row date '${r.date}' is not YYYY-MM-DD`);
  if (!ID_RE.test(r.source) || r.source.includes('.'))
    throw new Error(`row source '${r.source}' is not an id`);
  if (!ID_RE.test(r.variable) || !r.variable.startsWith(`${r.source}.`)) {
    throw new Error(`row variable '${r.variable}' is not a dotted id of source ${r.source}`);
  }
  if (!Number.isFinite(r.value)) throw new Error(`row ${r.variable} has a value that is not a finite number`);
  if (!TIMESTAMP_RE.test(r.collected_at)) throw new Error(`row ${r.variable} has a bad collected_at`);
}

/** Parses a stored object. Accepts extra columns after the first four and quoted fields (RFC 4180). */
export function parseCsv(text: string, where: string): StoredRow[] {
  const records = splitRecords(text);
  const header = records.shift();
  if (!header || header.slice(0, 4).join(',') !== 'date,source,variable,value') {
    throw new Error(`${where}: header does not begin with date,source,variable,value`);
  }
  const at = header.indexOf('collected_at');
  const rows: StoredRow[] = [];
  records.forEach((rec, i) => {
    if (rec.length === 1 && rec[0] === '') return;
    const [date, source, variable, valueText] = rec;
    const value = Number(valueText);
    if (
      !date ||
      !source ||
      !variable ||
      valueText === undefined ||
      valueText.trim() === '' ||
      !Number.isFinite(value)
    ) {
      throw new Error(`${where}: record ${i + 2} is not date,source,variable,value with a number`);
    }
    rows.push({ date, source, variable, value, collected_at: at >= 0 ? (rec[at] ?? '') : '' });
  });
  return rows;
}

function splitRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
