/**
 * An error the user can fix: bad input, bad config, a missing secret. It is printed as one line, without a
 * stack trace, and the run exits 1 before anything is written.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** Turns any thrown value into a one-line message, so a thrown non-Error never leaves a step green. */
export function errorMessage(error: unknown): string {
  // Duck-typed rather than instanceof: errors from another realm (vm contexts, workers) are Errors too.
  if (error && typeof error === 'object' && typeof (error as Error).message === 'string') {
    const e = error as Error & { code?: unknown };
    const code = e.code;
    const base = e.message || e.name;
    const withCode = typeof code === 'string' && code && !base.includes(code) ? `${base} (${code})` : base;
    return oneLine(withCode);
  }
  if (typeof error === 'string') return oneLine(error);
  try {
    return oneLine(JSON.stringify(error) ?? String(error));
  } catch {
    return String(error);
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
