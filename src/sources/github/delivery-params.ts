import { z } from 'zod';

/** Upper bounds (seconds) of the lead-time and time-to-restore histograms: an hour … a month. */
export const DELIVERY_BUCKETS = [
  3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2592000,
] as const;

/**
 * What a deployment is, shared by github.deployments, github.lead_time and github.incidents (from_deployments):
 * GitHub deployments to these environments, or, when `workflows` is set, completed runs of those workflows on the
 * default branch.
 */
export const deliveryFields = {
  environments: z
    .array(z.string().min(1).max(255))
    .min(1)
    .default(['production', 'prod'])
    .describe(
      'Deployment environments that are production, by exact name (GitHub Actions jobs with `environment:` create deployments to them).',
    ),
  workflows: z
    .array(z.string().regex(/^[A-Za-z0-9_.-]+\.ya?ml$/, 'is not a workflow file name such as deploy.yml'))
    .default([])
    .describe(
      'Deploy workflows by file name (deploy.yml), for teams that deploy without environments: their completed runs on the default branch are the deployments. Set, environments is not read.',
    ),
  lookback_days: z
    .number()
    .int()
    .min(0)
    .max(35)
    .default(7)
    .describe(
      'Deployments created up to this many days before a day and finished on it are counted (approval waits included).',
    ),
};

export type DeliveryParams = {
  environments: string[];
  workflows: string[];
  lookback_days: number;
};

/** The run-wide key of a deployment history: KPIs with the same definition share one read. */
export function historyKey(p: DeliveryParams): string {
  return JSON.stringify([
    p.workflows.length ? [] : [...p.environments].sort(),
    [...p.workflows].sort(),
    p.lookback_days,
  ]);
}
