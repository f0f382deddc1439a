/** Levenshtein distance, capped: enough to suggest a close spelling. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * `; did you mean 'x'?` for the closest candidate (at most a quarter of the value's letters off, or one
 * that contains the value, as `--s3-bucket` contains `bucket`), else ''.
 */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestD = Infinity;
  const v = value.toLowerCase();
  const core = v.replace(/^-+/, '');
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const d = core.length >= 4 && lc !== v && lc.includes(core) ? 0.5 : distance(v, lc);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD > 0 && bestD <= Math.max(1, Math.floor(value.length / 4))
    ? `; did you mean '${best}'?`
    : '';
}
