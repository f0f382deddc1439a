import type { GithubClient } from './client.js';
import type { Scope } from './scope.js';
import type { GithubSettings } from './settings.js';

/** What every GitHub KPI receives as `ctx.run`: the HTTP client and the scope, resolved once per run. */
export interface GithubRun {
  client: GithubClient;
  scope: Scope;
  settings: GithubSettings;
}

/** The whole collected range [first start, last end). */
export function rangeOf(ctx: { windows: readonly { start: number; end: number }[] }): {
  from: number;
  to: number;
} {
  return { from: ctx.windows[0]!.start, to: ctx.windows[ctx.windows.length - 1]!.end };
}
