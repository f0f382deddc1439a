/**
 * Secret values known to this process. Everything the run prints, annotates, writes to the summary or
 * outputs goes through redact(), on top of the runner's own masking (core.setSecret), so the CLI and
 * error messages that quote a server's answer never show a secret either.
 */
const secrets = new Set<string>();

/** Registers a secret and returns the forms it was registered in (for the runner's own masking). */
export function registerSecret(value: string | undefined): string[] {
  if (!value || value.length < 3) return [];
  // The value, and the forms it takes when embedded in a URL or a header.
  const forms = new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64')]);
  try {
    const url = new URL(value);
    if (url.password) forms.add(url.password).add(decodeURIComponent(url.password));
  } catch {
    // not a URL
  }
  // Derived forms (a URL's password part) only when long enough not to mask ordinary words.
  const added = [...forms].filter((f) => (f === value ? f.length >= 3 : f.length >= 6) && !secrets.has(f));
  for (const f of added) secrets.add(f);
  return added;
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
