import type {
  FakeCommit,
  FakeData,
  FakeIssue,
  FakePull,
  FakeRelease,
  FakeRepo,
  FakeReview,
  FakeRun,
  FakeUser,
} from './server.js';

import { rng } from '../../helpers/rng.js';

export interface GenerateOptions {
  seed: number;
  org: string;
  repos: number;
  /** Generated activity spans [from, to). */
  from: number;
  to: number;
  /** Average events per repository per day. */
  prsPerDay?: number;
  issuesPerDay?: number;
  runsPerDay?: number;
  commitsPerDay?: number;
  releasesPerDay?: number;
  /** Every n-th repository is archived / a fork (0: none). */
  archivedEvery?: number;
  forkEvery?: number;
}

const HUMANS: FakeUser[] = ['ada', 'grace', 'linus', 'margaret', 'ken', 'barbara'].map((login) => ({
  login,
  type: 'User',
}));
const BOTS: FakeUser[] = [
  { login: 'dependabot[bot]', type: 'Bot' },
  { login: 'copilot-reviewer', type: 'Bot' },
];
const WORKFLOWS = [
  { name: 'CI', path: '.github/workflows/ci.yml' },
  { name: 'Deploy', path: '.github/workflows/deploy.yml' },
  { name: 'Nightly', path: '.github/workflows/nightly.yml' },
];
const CONCLUSIONS = [
  'success',
  'success',
  'success',
  'success',
  'failure',
  'cancelled',
  'timed_out',
  'startup_failure',
  'skipped',
];

/** A whole count whose average is `mean`. */
function draw(r: () => number, mean: number): number {
  const whole = Math.floor(mean);
  return whole + (r() < mean - whole ? 1 : 0);
}

/** An organisation with repositories and their activity, spread over [from, to) at whole seconds. */
export function generateOrg(o: GenerateOptions): FakeData {
  const r = rng(o.seed);
  const sec = (t: number): number => Math.floor(t / 1000) * 1000;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const repos: FakeRepo[] = [];
  const pulls: FakePull[] = [];
  const issues: FakeIssue[] = [];
  const runs: FakeRun[] = [];
  const releases: FakeRelease[] = [];
  const commits: FakeCommit[] = [];
  const days = Math.ceil((o.to - o.from) / 86_400_000);
  let runId = 1;
  for (let i = 0; i < o.repos; i++) {
    const repo: FakeRepo = {
      owner: o.org,
      name: `service-${String(i).padStart(3, '0')}`,
      archived: o.archivedEvery ? i % o.archivedEvery === o.archivedEvery - 1 : false,
      fork: o.forkEvery ? i % o.forkEvery === o.forkEvery - 2 : false,
      defaultBranch: i % 2 ? 'main' : 'trunk',
      visible: true,
    };
    repos.push(repo);
    const fullName = `${repo.owner}/${repo.name}`;
    let number = 1;
    for (let d = 0; d < days; d++) {
      const dayStart = o.from + d * 86_400_000;
      const at = (): number => sec(dayStart + r() * 86_400_000);
      for (let k = draw(r, o.prsPerDay ?? 1); k > 0; k--) {
        const created = at();
        if (created >= o.to) continue;
        const user = r() < 0.1 ? BOTS[0]! : pick(HUMANS);
        const reviews: FakeReview[] = [];
        let t = created;
        const n = Math.floor(r() * 4);
        for (let j = 0; j < n; j++) {
          t = sec(t + r() * 2 * 86_400_000);
          const who = r();
          const reviewer = who < 0.2 ? user : who < 0.35 ? pick(BOTS) : who < 0.4 ? null : pick(HUMANS);
          // One review in four was started (pending) well before it was submitted, so creation order
          // (GitHub's listing order) differs from submission order.
          const started = r() < 0.25 ? sec(Math.max(created, t - r() * 3 * 86_400_000)) : t;
          reviews.push({
            user: reviewer,
            created: started,
            submitted: t,
            state: pick(['APPROVED', 'COMMENTED', 'CHANGES_REQUESTED'] as const),
          });
        }
        const fate = r();
        const end = sec(t + r() * 3 * 86_400_000 + 1000);
        const pr: FakePull = { repo: fullName, number: number++, user, created, updated: created, reviews };
        if (fate < 0.7) {
          pr.merged = end;
          pr.closed = end;
        } else if (fate < 0.85) pr.closed = end;
        pr.updated = Math.max(created, pr.closed ?? 0, ...reviews.map((x) => x.submitted));
        pulls.push(pr);
      }
      for (let k = draw(r, o.issuesPerDay ?? 0.5); k > 0; k--) {
        const created = at();
        const issue: FakeIssue = {
          repo: fullName,
          number: number++,
          user: pick(HUMANS),
          created,
          updated: created,
        };
        if (r() < 0.6) issue.closed = sec(created + r() * 10 * 86_400_000 + 1000);
        issue.updated = Math.max(created, issue.closed ?? 0);
        issues.push(issue);
      }
      for (let k = draw(r, o.runsPerDay ?? 2); k > 0; k--) {
        const created = at();
        const started = created + Math.floor(r() * 120) * 1000;
        const wf = pick(WORKFLOWS);
        runs.push({
          repo: fullName,
          id: runId++,
          name: wf.name,
          path: wf.path,
          conclusion: pick(CONCLUSIONS),
          created,
          started,
          updated: started + Math.floor(r() * 3 * 3600) * 1000,
        });
      }
      for (let k = draw(r, o.commitsPerDay ?? 2); k > 0; k--)
        commits.push({ repo: fullName, committed: at() });
      if (r() < (o.releasesPerDay ?? 0.05)) {
        const made = at();
        const draft = r() < 0.2;
        const published = draft ? undefined : r() < 0.3 ? sec(made + r() * 5 * 86_400_000) : made;
        // created_at is the tagged commit's date: for one release in three, an old commit (100–500 days).
        const created = r() < 0.3 ? sec(made - (100 + r() * 400) * 86_400_000) : made;
        releases.push({ repo: fullName, created, published, draft, prerelease: r() < 0.2 });
      }
    }
  }
  return { repos, pulls, issues, runs, releases, commits };
}
