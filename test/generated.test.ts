import { describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { generatedFiles, root } from '../scripts/generated.js';

describe('files generated from code', () => {
  it.each(Object.entries(generatedFiles()))('%s is current (npm run generate)', async (rel, content) => {
    const committed = await fs.readFile(path.join(root, rel), 'utf8');
    expect(committed).toBe(content);
  });
});
