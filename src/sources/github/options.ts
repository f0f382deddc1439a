import { sleep as realSleep } from '../../retry.js';
import type { ClientOptions } from './client.js';

/** Production waits and limits of the GitHub client (tests and the benchmark pass shorter ones). */
export const DEFAULT_CLIENT_OPTIONS: ClientOptions = {
  secondaryFloorMs: 60_000,
  maxRateLimitWaitMs: 15 * 60_000,
  rateLimitAttempts: 5,
  searchMinIntervalMs: 2_000,
  graphqlMinIntervalMs: 1_000,
  retryBaseMs: 1_000,
  transientAttempts: 4,
  requestTimeoutMs: 30_000,
  sleep: realSleep,
  now: () => Date.now(),
};
