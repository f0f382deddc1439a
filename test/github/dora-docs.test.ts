/** The DORA config examples of the README and the GitHub source's README are valid against the config schema. */
import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseConfigText } from '../../src/config.js';
import { SOURCES } from '../../src/sources/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('DORA config examples', () => {
  for (const file of ['README.md', 'src/sources/github/README.md']) {
    it(`${file}: the example with lead_time is valid, and a misspelt param is refused`, async () => {
      const text = await fs.readFile(path.join(ROOT, file), 'utf8');
      const example = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((m) => m[1]!)
        .find((b) => b.includes('lead_time:'))!;
      expect(example).toContain('incidents:');
      const raw = parseConfigText(example, file, SOURCES) as {
        sources: { github: { kpis: Record<string, unknown> } };
      };
      expect(Object.keys(raw.sources.github.kpis).sort()).toEqual(['deployments', 'incidents', 'lead_time']);
      expect(() => parseConfigText(example.replace('labels:', 'label:'), file, SOURCES)).toThrow(/label/);
    });
  }
});
