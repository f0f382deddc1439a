#!/usr/bin/env node
import { cli } from './cli.js';
import { run } from './main.js';

// One bundle serves both: a runner starts it with no arguments (the action); a person runs it with a
// command (the CLI).
if (process.argv.length > 2 || !process.env.GITHUB_ACTIONS) {
  process.exitCode = await cli(process.argv.slice(2));
} else {
  await run();
}
