import { errorMessage } from '../../errors.js';

// Kept apart from client.ts (Octokit, the network layer), so that the KPIs that use these load nothing
// heavy before the source runs.

/** A repository the token cannot read (404), or a resource it may not use (403 "not accessible"). */
export class AccessError extends Error {
  override name = 'AccessError';
}

/** Rewrites a 404/403 of a per-repository endpoint into a message naming the repository and the fix. */
export function explainAccess(e: unknown, repo: string, what: string, permission: string): unknown {
  const err =
    e && typeof e === 'object' && 'message' in e ? (e as { status?: number; message: string }) : undefined;
  if (err?.status === 404) {
    return new AccessError(
      `${repo}: not found or not visible to the token (reading ${what}); give the token access to it or remove it from the scope`,
    );
  }
  if (err?.status === 403 && !/rate limit/i.test(err.message)) {
    return new AccessError(
      `${repo}: the token may not read ${what} (${errorMessage(e).split(' - ')[0]}); grant it ${permission}`,
    );
  }
  return e;
}

/** The next page's URL from a Link header, or undefined on the last page. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}
