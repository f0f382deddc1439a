/**
 * Figures for people (table, markdown, HTML, job summary). The unit comes from the KPI definition
 * (Component.unit / Derived.unit): `seconds` reads as a duration (`42 s`, `3m 42s`, `6.2 h`, `4.1 d`),
 * `ratio` as a percentage, anything else (`count`, `EUR`, …) as a number with thousands separators.
 * csv and json keep the exact values; these strings are only ever shown.
 */

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A plain number with thousands separators and a few significant decimals (`12,345`, `2.35`, `0.042`). */
export function formatQuantity(value: number): string {
  if (Number.isInteger(value)) return GROUPED.format(value);
  const abs = Math.abs(value);
  const decimals = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  const text = new Intl.NumberFormat('en-US', {
    maximumFractionDigits: decimals,
    ...(abs < 1 ? { maximumSignificantDigits: 3 } : {}),
  }).format(value);
  return text === '-0' ? '0' : text;
}

/** One decimal unless it would be `.0`, with thousands separators: `6.2`, `12`, `1,234`. */
function oneDecimal(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: value < 100 ? 1 : 0 }).format(value);
}

/**
 * A duration in seconds: under a minute `42 s` (`4.2 s` under 10), under an hour `3m 42s`, under a day
 * `6.2 h`, then `4.1 d`.
 */
export function formatDuration(seconds: number): string {
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds < 59.5) {
    const s = seconds < 9.95 ? Math.round(seconds * 10) / 10 : Math.round(seconds);
    return `${s} s`;
  }
  if (seconds < 3600 - 0.5) {
    const whole = Math.round(seconds);
    const m = Math.floor(whole / 60);
    const s = whole % 60;
    return s === 0 ? `${m}m` : `${m}m ${s}s`;
  }
  if (seconds < 86400 - 180) return `${oneDecimal(seconds / 3600)} h`;
  return `${oneDecimal(seconds / 86400)} d`;
}

/** A ratio as a percentage: `12.5%`, `100%`, `<0.1%` for a small non-zero share. */
export function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  if (pct !== 0 && Math.abs(pct) < 0.05) return pct > 0 ? '<0.1%' : '>-0.1%';
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(pct)}%`;
}

/** A value in its unit, for people. */
export function formatIn(unit: string, value: number): string {
  if (unit === 'seconds') return formatDuration(value);
  if (unit === 'ratio') return formatPercent(value);
  return formatQuantity(value);
}

/**
 * The unit of an axis for a series unit and the largest value drawn: the divisor from the stored unit and the
 * axis title. Durations are drawn in the largest of seconds, minutes, hours, days that keeps ticks readable.
 */
export function axisUnit(unit: string, max: number): { divisor: number; title: string; suffix: string } {
  if (unit === 'seconds') {
    if (max >= 2 * 86400) return { divisor: 86400, title: 'days', suffix: ' d' };
    if (max >= 2 * 3600) return { divisor: 3600, title: 'hours', suffix: ' h' };
    if (max >= 120) return { divisor: 60, title: 'minutes', suffix: ' min' };
    return { divisor: 1, title: 'seconds', suffix: ' s' };
  }
  if (unit === 'ratio') return { divisor: 0.01, title: 'percent', suffix: '%' };
  return { divisor: 1, title: unit, suffix: '' };
}

/** An axis tick: compact above a million (`12.5M`), else with separators (`250,000`). */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}B`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(Number(value.toPrecision(12)));
}

const trim = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);
