import { DEFAULTS, Inputs, type InputName } from './inputs.js';
import type { AnySource, SourceInput } from './sources/types.js';

/** An input of action.yml: every one is declared here or by a source, and nowhere else. */
export interface InputSpec {
  name: string;
  description: string;
  required?: boolean;
  default?: string;
}

/** The inputs every source shares, with the descriptions action.yml, the README and `--help` show. */
export function coreInputs(sources: readonly AnySource[]): InputSpec[] {
  const specs: Record<InputName, Omit<InputSpec, 'name'>> = {
    [Inputs.Source]: {
      description: `The source to collect from: ${sources.map((s) => s.name).join(', ')}.`,
      required: true,
    },
    [Inputs.Date]: {
      description:
        'The day to collect, YYYY-MM-DD. Default: yesterday in `timezone`. Not together with start-date/end-date.',
    },
    [Inputs.StartDate]: {
      description: 'First day of an inclusive range to collect (backfill), YYYY-MM-DD. Needs end-date.',
    },
    [Inputs.EndDate]: {
      description: 'Last day of an inclusive range to collect, YYYY-MM-DD. Needs start-date.',
    },
    [Inputs.Kpis]: {
      description:
        'KPI ids to collect, comma- or newline-separated (e.g. databricks.cluster_startup). Default: every KPI the config enables for the source.',
    },
    [Inputs.Config]: {
      description: `Path of the YAML config file. Default: ${DEFAULTS.configFile} when it exists, else built-in defaults. A path given here must exist.`,
    },
    [Inputs.Timezone]: {
      description: 'IANA time zone in which a day is [00:00, 24:00), DST included.',
      default: DEFAULTS.timezone,
    },
    [Inputs.S3Bucket]: {
      description: `S3 bucket to write to. Without it, rows go to output-dir (default ./${DEFAULTS.outputDir}).`,
    },
    [Inputs.S3Prefix]: {
      description:
        'Key prefix in the bucket (and folder inside output-dir): objects are <prefix>/source=<source>/date=<YYYY-MM-DD>/kpis.csv.',
      default: DEFAULTS.s3Prefix,
    },
    [Inputs.S3Endpoint]: {
      description:
        'Endpoint of an S3-compatible store (MinIO, R2, Ceph); default AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL from the environment. Uses path-style addressing and checksums only when required.',
    },
    [Inputs.AwsRegion]: {
      description:
        'AWS region of the bucket. Default: AWS_REGION from the environment (aws-actions/configure-aws-credentials sets it).',
    },
    [Inputs.OutputDir]: {
      description: `Write the same layout to this local folder (also when s3-bucket is set). Default without a bucket: ${DEFAULTS.outputDir}.`,
    },
    [Inputs.DryRun]: { description: 'Collect and report, write nothing.', default: 'false' },
    [Inputs.MaxDays]: {
      description: 'Refuse ranges longer than this many days.',
      default: String(DEFAULTS.maxDays),
    },
  };
  return Object.entries(specs).map(([name, spec]) => ({ name, ...spec }));
}

/** Every source input, in registry order, each declared by its source. */
export function sourceInputs(sources: readonly AnySource[]): Array<SourceInput & { source: string }> {
  const seen = new Map<string, string>();
  const out: Array<SourceInput & { source: string }> = [];
  for (const s of sources) {
    for (const input of s.inputs) {
      const owner = seen.get(input.name);
      if (owner) throw new Error(`input ${input.name} is declared by both ${owner} and ${s.name}`);
      seen.set(input.name, s.name);
      out.push({ ...input, source: s.name });
    }
  }
  return out;
}

/** The outputs the action sets (src/main.ts), as action.yml declares them. */
export const OUTPUTS = {
  rows: 'Number of rows written to the store (0 for a dry run; rows of days that could not be written are not counted).',
  objects: 'Keys (s3://bucket/key) or paths written, one per line.',
  'failed-kpis': 'Comma-separated ids of KPIs that failed (empty when all succeeded).',
  'saved-dir':
    'Folder under RUNNER_TEMP holding collected rows the store could not take (empty when all were written); upload it with actions/upload-artifact.',
} as const;
