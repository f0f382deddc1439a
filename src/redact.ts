/**
 * Secret values known to this process. Everything the run prints, annotates, writes to the summary or
 * outputs goes through redact(), on top of the runner's own masking (core.setSecret), so the CLI and
 * error messages that quote a server's answer never show a secret either.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 3) return;
  secrets.add(value);
  // Also the forms a secret takes when it is embedded in a URL or a header.
  secrets.add(encodeURIComponent(value));
  try {
    const url = new URL(value);
    if (url.password) secrets.add(decodeURIComponent(url.password)).add(url.password);
  } catch {
    // not a URL
  }
  secrets.add(Buffer.from(value).toString('base64'));
}

export function redact(text: string): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s) out = out.split(s).join('***');
  return out;
}

/** Forgets registered secrets (tests run several runs in one process). */
export function clearSecrets(): void {
  secrets.clear();
}
