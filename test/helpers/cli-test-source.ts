// The CLI with the test sources, as its own process (for signal tests): node --import tsx <this> collect …
import { cli } from '../../src/cli.js';
import { TEST_SOURCES } from './test-source.js';

process.exitCode = await cli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env },
  { sources: TEST_SOURCES },
);
