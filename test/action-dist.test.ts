import { describe, expect, it } from '@jest/globals';
import { errorLines, runAction } from './helpers/runner.js';
import { listFiles } from './helpers/run-cli.js';
import { SOURCES } from '../src/sources/index.js';

describe('dist/index.js run as a runner runs it', () => {
  it('fails with one annotated line and exit 1 when the source is missing, writing nothing', async () => {
    const r = await runAction({});
    expect(r.code).toBe(1);
    expect(errorLines(r.stdout)).toEqual([
      `source: is required; set it to one of ${SOURCES.map((s) => s.name).join(', ')}`,
    ]);
    expect(await listFiles(r.workspace)).toEqual([]);
  });

  it('names an unknown source', async () => {
    const r = await runAction({ source: 'jira', date: '2026-11-20' });
    expect(r.code).toBe(1);
    expect(errorLines(r.stdout)).toHaveLength(1);
    expect(errorLines(r.stdout)[0]).toMatch(/^source: 'jira' is not a source; use one of /);
    expect(await listFiles(r.workspace)).toEqual([]);
  });
});
