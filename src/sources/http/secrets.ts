import { UserError } from '../../errors.js';
import { registerSecret } from '../../redact.js';
import type { HttpKpiConfig } from './config.js';
import { jsonStrings, scanTemplate, SECRET_NAME_RE } from './template.js';

export const SECRETS_INPUT = 'http-secrets';

/**
 * Parses `http-secrets`: one `NAME=value` per line (blank lines and lines starting with # skipped). Each
 * value is registered for redaction the moment it is read, before a bad line can fail and print it (the
 * action's input layer has masked them for the runner already, through the input's secretParts).
 */
export function parseSecrets(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const lines = (text ?? '').split(/\r?\n/);
  // Mask every value first: a later line's error must not print an earlier value, nor its own.
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq > 0) registerSecret(line.slice(eq + 1).trim());
  }
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!SECRET_NAME_RE.test(name)) {
      throw new UserError(
        `${SECRETS_INPUT}: line ${i + 1} is not NAME=value; write one secret per line, e.g. JIRA_TOKEN=…`,
      );
    }
    if (out.has(name)) throw new UserError(`${SECRETS_INPUT}: ${name} is given twice; keep one line`);
    const value = line.slice(eq + 1).trim();
    if (!value) throw new UserError(`${SECRETS_INPUT}: ${name} has an empty value; give its value after =`);
    out.set(name, value);
  });
  return out;
}

/** Every `${NAME}` of a KPI's request, with where it stands (for messages). */
function secretRefs(kpi: HttpKpiConfig): Array<{ name: string; where: string }> {
  const r = kpi.request;
  const places: Array<[string, string]> = [
    ['request.url', r.url],
    ...Object.entries(r.query ?? {}).map(([k, v]): [string, string] => [`request.query.${k}`, String(v)]),
    ...Object.entries(r.headers ?? {}).map(([k, v]): [string, string] => [`request.headers.${k}`, v]),
    ...jsonStrings(r.body).map((s): [string, string] => ['request.body', s]),
  ];
  const refs: Array<{ name: string; where: string }> = [];
  for (const [where, text] of places) {
    for (const t of scanTemplate(text, kpi.per_day))
      if (t.kind === 'secret') refs.push({ name: t.name, where });
  }
  return refs;
}

/**
 * The secrets the KPIs may use: those given in `http-secrets`, and, when `fromEnv` is set (the CLI), for
 * a name used in the config but not given there, the environment variable of the same name. A name that
 * is found nowhere is a config error naming the KPI, the key and the fix.
 */
export function resolveSecrets(o: {
  given: Map<string, string>;
  kpis: readonly HttpKpiConfig[];
  env: NodeJS.ProcessEnv;
  fromEnv: boolean;
}): Map<string, string> {
  const out = new Map(o.given);
  for (const kpi of o.kpis) {
    for (const ref of secretRefs(kpi)) {
      if (out.has(ref.name)) continue;
      const value = o.fromEnv ? o.env[ref.name]?.trim() : undefined;
      if (value) {
        registerSecret(value);
        out.set(ref.name, value);
        continue;
      }
      throw new UserError(
        `config: sources.http.kpis.${kpi.id}.${ref.where}: \${${ref.name}} is not in ${SECRETS_INPUT}; ` +
          (o.fromEnv
            ? `set the environment variable ${ref.name} (or a line ${ref.name}=… in HTTP_SECRETS)`
            : `add a line ${ref.name}=\${{ secrets.${ref.name} }} to the ${SECRETS_INPUT} input`),
      );
    }
  }
  return out;
}
