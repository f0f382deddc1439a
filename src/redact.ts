/**
 * Secret values known to this process. Everything the run prints, annotates, writes to the summary or
 * outputs goes through redact(), on top of the runner's own masking (core.setSecret), so the CLI and
 * error messages that quote a server's answer never show a secret either.
 *
 * Each secret is registered in the forms a server may echo it in: as is, URL-encoded, base64 (a Basic
 * header), JSON-escaped (inside a JSON string), HTML-escaped (an error page), and a URL's password part.
 *
 * Length (issue 14, item 6): every form is redacted whatever its length. A form of at least
 * LONG_FORM characters is redacted wherever it occurs; a shorter one (a short password) only where it
 * stands as a token of its own, not inside a longer run of letters and digits: a server that echoes
 * `password "abc"` or `user:abc@host` is redacted, while the words that merely contain "abc" stay legible.
 */
const LONG_FORM = 6;
const secrets = new Set<string>();

/** The forms a secret takes when a server echoes it back inside text, JSON, HTML, a URL or a header. */
function formsOf(value: string): Set<string> {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  const forms = new Set([
    value,
    encodeURIComponent(value),
    // A query string or a form body: spaces as +, and URLSearchParams' own set of escapes.
    new URLSearchParams({ s: value }).toString().slice(2),
    Buffer.from(value).toString('base64'),
    json,
    json.replace(/\//g, '\\/'),
    html,
    html.replace(/'/g, '&#39;'),
    html.replace(/'/g, '&#x27;'),
    html.replace(/'/g, '&apos;'),
  ]);
  try {
    const url = new URL(value);
    if (url.password) forms.add(url.password).add(decodeURIComponent(url.password));
  } catch {
    // not a URL
  }
  return forms;
}

/** Registers a secret and returns the forms it was registered in (for the runner's own masking). */
export function registerSecret(value: string | undefined): string[] {
  if (!value) return [];
  const added = [...formsOf(value)].filter((f) => f && !secrets.has(f));
  for (const f of added) secrets.add(f);
  return added;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redact(text: string): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length >= LONG_FORM) out = out.split(s).join('***');
    else out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(s)}(?![A-Za-z0-9])`, 'g'), '***');
  }
  return out;
}

/** Forgets registered secrets (tests run several runs in one process). */
export function clearSecrets(): void {
  secrets.clear();
}
