/**
 * Memory ceiling under an endless body (issue 14, item 2): a server in another process streams a JSON
 * answer that never ends, as fast as the socket takes it; the collector reads it through src/net (the
 * Databricks client's path) and must stop at its size cap with bounded memory, the error inside the
 * request's promise. Each cap is measured in a fresh process; reported: that process's peak RSS (the
 * server's memory is not counted) against its RSS just before the request.
 *
 *   npx tsx bench/endless-body.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MemoryLogger } from '../src/log.js';
import { NetError, closeDispatchers } from '../src/net/http.js';
import { DatabricksClient, MAX_RESPONSE_BYTES } from '../src/sources/databricks/client.js';

const SERVER = `
const http = require('node:http');
const chunk = Buffer.alloc(256 * 1024, ' ');
const s = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"clusters": [');
  const pump = () => { while (!res.destroyed && res.write(chunk)); if (!res.destroyed) res.once('drain', pump); };
  pump();
});
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** One measurement, in this process: the request against the server on `port` with `cap`. */
async function measure(port: string, cap: number): Promise<string> {
  const before = process.memoryUsage().rss;
  const client = new DatabricksClient({
    host: `http://127.0.0.1:${port}`,
    token: 'dapi-bench',
    concurrency: 1,
    requestTimeoutMs: 120_000,
    attempts: 1,
    retryBaseMs: 1,
    lookbackMs: 0,
    maxResponseBytes: cap,
    log: new MemoryLogger(),
  });
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const started = performance.now();
  let outcome = 'no error (unexpected)';
  try {
    for await (const _ of client.listClusters()) void _;
  } catch (e) {
    const cause = (e as Error).cause;
    outcome = cause instanceof NetError ? cause.code : (e as Error).message;
  }
  clearInterval(sampler);
  // The kernel's own peak for this process, which the sampler may miss between two samples.
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  const s = ((performance.now() - started) / 1000).toFixed(2);
  await closeDispatchers();
  return `| ${mb(cap)} | ${outcome} | ${s} s | ${mb(before)} | ${mb(peak)} | +${mb(peak - before)} |`;
}

async function main(): Promise<void> {
  const [port, cap] = process.argv.slice(2);
  if (port && cap) {
    console.log(await measure(port, Number(cap)));
    return;
  }
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const serverPort = await new Promise<string>((resolve) =>
    server.stdout.once('data', (d) => resolve(String(d).trim())),
  );
  const tsx = pathToFileURL(
    path.resolve(import.meta.dirname, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs'),
  ).href;
  const rows: string[] = [];
  try {
    for (const cap of [8 * 1024 * 1024, MAX_RESPONSE_BYTES, 128 * 1024 * 1024]) {
      const out = execFileSync(process.execPath, [
        '--import',
        tsx,
        import.meta.filename,
        serverPort,
        String(cap),
      ]);
      rows.push(String(out).trim());
    }
  } finally {
    server.kill();
  }
  console.log(`node ${process.version}, endless body from another process, one fresh process per cap\n`);
  console.log('| cap | error | time to the cap | RSS before | peak RSS | growth |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
}

await main();
