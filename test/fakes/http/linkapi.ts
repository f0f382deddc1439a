/**
 * A faithful local fake of a list API paged the way GitHub's REST API is, written from
 * https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api and RFC 8288
 * (https://www.rfc-editor.org/rfc/rfc8288): `per_page` (default 30, at most 100) and `page` (from 1);
 * a `link` header with rel="next", "prev", "first", "last" (absolute URLs, only the relations that exist),
 * omitted when everything fits on one page. The resource is a list of incidents,
 * `GET /api/incidents?since=<ISO 8601>&until=<ISO 8601>`, each with an ISO 8601 UTC `created_at`
 * (since inclusive, until exclusive; GitHub's `since` form), newest first as GitHub lists, and
 * 422 {"message":"Validation Failed"} for a time that is not ISO 8601.
 */
import { sendJson, startFake, type FakeServer } from './server.js';

export interface Incident {
  id: number;
  title: string;
  severity: 'sev1' | 'sev2' | 'sev3';
  created: number;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export async function startLinkApi(o: { incidents: Incident[]; token: string }): Promise<FakeServer> {
  return startFake((req, res, origin) => {
    const url = new URL(req.url, origin);
    if (url.pathname !== '/api/incidents') return sendJson(res, 404, { message: 'Not Found' });
    if (req.headers.authorization !== `Bearer ${o.token}`) {
      return sendJson(res, 401, { message: 'Bad credentials' });
    }
    const bound = (name: string): number | undefined | 'bad' => {
      const v = url.searchParams.get(name);
      if (v === null) return undefined;
      return ISO_RE.test(v) ? Date.parse(v) : 'bad';
    };
    const since = bound('since');
    const until = bound('until');
    if (since === 'bad' || until === 'bad') {
      return sendJson(res, 422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Incident', field: since === 'bad' ? 'since' : 'until', code: 'invalid' }],
      });
    }
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const all = o.incidents
      .filter(
        (i) => (since === undefined || i.created >= since) && (until === undefined || i.created < until),
      )
      .sort((a, b) => b.created - a.created || b.id - a.id);
    const lastPage = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number): string => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return u.toString();
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
    if (page < lastPage) rels.push(`<${link(page + 1)}>; rel="next"`);
    if (page < lastPage) rels.push(`<${link(lastPage)}>; rel="last"`);
    if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
    const body = all.slice((page - 1) * perPage, page * perPage).map((i) => ({
      id: i.id,
      title: i.title,
      severity: i.severity,
      created_at: new Date(i.created).toISOString().replace('.000Z', 'Z'),
    }));
    sendJson(res, 200, body, rels.length ? { link: rels.join(', ') } : {});
  });
}
