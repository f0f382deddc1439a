import { z } from 'zod';

/** `sources.github` in the config file. */
export const githubSettings = z.strictObject({
  org: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, 'is not an organisation login')
    .optional()
    .describe(
      'Organisation whose repositories are collected (non-archived, non-fork unless told otherwise).',
    ),
  repos: z
    .array(z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'is not owner/name'))
    .default([])
    .describe(
      'Repositories (owner/name) collected besides the org; with neither, the repository the workflow runs in.',
    ),
  include: z
    .array(z.string().min(1))
    .default(['*'])
    .describe("Glob patterns of the org's repository names to keep (default all)."),
  exclude: z
    .array(z.string().min(1))
    .default([])
    .describe("Glob patterns of the org's repository names to leave out."),
  include_archived: z.boolean().default(false).describe('Also collect archived repositories of the org.'),
  include_forks: z.boolean().default(false).describe('Also collect forks owned by the org.'),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(4)
    .describe('Per-repository requests in flight at once (GitHub advises few).'),
  api_url: z
    .string()
    .url()
    .optional()
    .describe(
      'API base URL; default GITHUB_API_URL of the workflow, else https://api.github.com (GHES: https://host/api/v3).',
    ),
  request_timeout_seconds: z
    .number()
    .min(1)
    .max(600)
    .optional()
    .describe(
      'Timeout of one HTTP request, answer included, in seconds (default 30); then it is retried like a network error.',
    ),
  budget_check: z
    .enum(['warn', 'fail'])
    .default('warn')
    .describe(
      'When the rate-limit budget left looks too small for the run: warn and go on, or fail before collecting.',
    ),
});

export type GithubSettings = z.infer<typeof githubSettings>;
