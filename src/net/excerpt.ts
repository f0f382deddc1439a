import { oneLine } from '../errors.js';
import { redact } from '../redact.js';

/**
 * A server's text fit for a log line or an error message: secrets redacted FIRST (src/redact.ts), then
 * folded onto one line, then cut to `max` characters. Cutting first could leave a secret's prefix that
 * redaction no longer recognises (issue 14, item 5).
 */
export function excerpt(text: string, max = 300): string {
  const line = oneLine(redact(text));
  return line.length <= max ? line : `${line.slice(0, Math.max(0, max - 1))}…`;
}
