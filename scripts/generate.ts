// Generates the files that are derived from code: action.yml, the config JSON Schema, the KPI catalog and
// the README inputs table.
// `--check` fails when a committed file differs from what the code generates.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { generatedFiles, root } from './generated.js';

const check = process.argv.includes('--check');
let stale = 0;
for (const [rel, content] of Object.entries(generatedFiles())) {
  const file = path.join(root, rel);
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === content) continue;
  if (check) {
    console.error(`${rel} is stale: run 'npm run generate' and commit it`);
    stale++;
  } else {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    console.log(`wrote ${rel}`);
  }
}
if (stale > 0) process.exit(1);
if (check) console.log('generated files are current');
