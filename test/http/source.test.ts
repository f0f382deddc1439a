import { afterEach, describe, expect, it } from '@jest/globals';
import { UserError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/log.js';
import { clearSecrets, redact } from '../../src/redact.js';
import { httpSource } from '../../src/sources/http/index.js';
import { httpSettingsSchema } from '../../src/sources/http/config.js';
import { SOURCES } from '../../src/sources/index.js';

const settings = httpSettingsSchema.parse({
  kpis: [
    {
      id: 'bugs',
      description: 'Bugs',
      unit: 'count',
      request: { url: 'https://jira.example.com/s', headers: { Authorization: 'Bearer ${JIRA_TOKEN}' } },
      values: { opened: '$count(issues)' },
      derived: { share: 'opened / opened' },
    },
    {
      id: 'off',
      description: 'Disabled',
      unit: 'count',
      enabled: false,
      request: { url: 'https://x.example.com/', headers: { A: '${NOT_GIVEN}' } },
      values: { n: 'n' },
    },
  ],
});
const init = (inputs: Record<string, string | undefined>, env: NodeJS.ProcessEnv) => ({
  inputs,
  settings,
  log: new MemoryLogger(),
  signal: new AbortController().signal,
  env,
  timeZone: 'UTC',
});

afterEach(() => clearSecrets());

describe('the http source definition', () => {
  it('is registered, declares http-secrets as a multi-line secret whose values are masked one by one', () => {
    expect(SOURCES).toContain(httpSource);
    const [input] = httpSource.inputs;
    expect(input).toMatchObject({ name: 'http-secrets', secret: true, env: 'HTTP_SECRETS', multiline: true });
    expect(input!.secretParts!('A=one-1\r\n\nB = two=2\nnot a line')).toEqual([
      'one-1',
      'two=2',
      'not a line',
    ]);
  });

  it('defines enabled config KPIs with their components and derived ratios', () => {
    const kpis = httpSource.configKpis!(settings);
    expect(kpis.map((k) => k.id)).toEqual(['http.bugs']);
    expect(kpis[0]!.components.map((c) => c.name)).toEqual(['opened']);
    expect(kpis[0]!.derived).toMatchObject([{ name: 'share', kind: 'ratio', numerator: ['opened'] }]);
    expect(kpis[0]!.fillZeros).toBe(false);
  });

  it('in the action, ${NAME} comes from http-secrets only, never from the environment', async () => {
    const action = { GITHUB_ACTIONS: 'true', INPUT_SOURCE: 'http', JIRA_TOKEN: 'env-token-1' };
    await expect(httpSource.createRun(init({}, action))).rejects.toThrow(
      new UserError(
        'config: sources.http.kpis.bugs.request.headers.Authorization: ${JIRA_TOKEN} is not in http-secrets; add a line JIRA_TOKEN=${{ secrets.JIRA_TOKEN }} to the http-secrets input',
      ),
    );
    const run = await httpSource.createRun(init({ 'http-secrets': 'JIRA_TOKEN=given-token-2' }, action));
    expect(run.secrets.get('JIRA_TOKEN')).toBe('given-token-2');
    expect(redact('given-token-2')).toBe('***');
    expect(httpSource.summaryLines!(run)).toEqual(['HTTP requests: 0 (0 page(s) of paged reads, 0 retried)']);
  });

  it('a JSONata syntax error is a config error naming the key, before anything is collected', async () => {
    const broken = httpSettingsSchema.parse({
      kpis: [{ ...settings.kpis[0], values: { opened: '$count(issues' } }],
    });
    await expect(
      httpSource.createRun({ ...init({ 'http-secrets': 'JIRA_TOKEN=t-123' }, {}), settings: broken }),
    ).rejects.toThrow(
      /^config: sources\.http\.kpis\.bugs\.values\.opened: not a JSONata expression: .*\(JSONata S0203 at character \d+\)$/,
    );
  });

  it('in the CLI (also inside a workflow step), a name not in HTTP_SECRETS is read from its variable', async () => {
    const run = await httpSource.createRun(init({}, { GITHUB_ACTIONS: 'true', JIRA_TOKEN: 'env-token-3' }));
    expect(run.secrets.get('JIRA_TOKEN')).toBe('env-token-3');
    expect(redact('Bearer env-token-3')).toBe('Bearer ***');
  });
});
