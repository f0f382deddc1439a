#!/usr/bin/env node
import * as nodeModule from 'node:module';

// Node 22.1+ keeps the compiled bundle between runs (on node 20 there is no such cache: a no-op).
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// One bundle serves both: a runner starts it with no arguments (the action); a person runs it with a
// command (the CLI). Each loads only its own side (the CLI never loads @actions/core), so `--help` starts
// fast (bench/startup.ts).
if (process.argv.length > 2 || !process.env.GITHUB_ACTIONS) {
  const { cli } = await import('./cli.js');
  process.exitCode = await cli(process.argv.slice(2));
} else {
  const { run } = await import('./main.js');
  await run();
}
