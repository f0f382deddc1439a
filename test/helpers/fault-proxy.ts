import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault the proxy injects into the answer of a matching request instead of (or on top of) forwarding it. */
export type FaultKind =
  | 'status-429' // 429 with Retry-After: 1
  | 'status-502' // 502 Bad Gateway with an HTML body, as a load balancer sends
  | 'reset' // the connection is destroyed before any answer
  | 'reset-mid-body' // headers and half the body are sent, then the connection is destroyed
  | 'slow' // the answer is held back for `slowMs`
  | 'html-200'; // 200 with an HTML page instead of JSON (a captive portal or a misrouted proxy)

export interface FaultPlan {
  kind: FaultKind;
  /** Which requests: a substring of method + ' ' + path, e.g. 'GET /api/2.1/clusters/list'. */
  match: string;
  /** Skip this many matching requests first (to hit the middle of a pagination). */
  after: number;
  /** How many matching requests get the fault (Infinity: every one). */
  times: number;
}

/**
 * A reverse proxy on 127.0.0.1 in front of an API fake, injecting transport and protocol faults that a real
 * network produces: resets, truncated bodies, slow answers, gateway errors and non-JSON bodies.
 */
export class FaultProxy {
  plans: FaultPlan[] = [];
  readonly injected: string[] = [];
  slowMs = 3000;
  private server?: http.Server;
  private seen = new Map<FaultPlan, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  set(plans: FaultPlan[]): void {
    this.plans = plans;
    this.seen = new Map();
    this.injected.length = 0;
  }

  private pick(req: http.IncomingMessage): FaultPlan | undefined {
    const line = `${req.method} ${req.url}`;
    for (const p of this.plans) {
      if (!line.includes(p.match)) continue;
      const n = this.seen.get(p) ?? 0;
      this.seen.set(p, n + 1);
      if (n >= p.after && n < p.after + p.times) return p;
    }
    return undefined;
  }

  async start(): Promise<string> {
    const target = new URL(this.target);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const plan = this.pick(req);
        if (plan) this.injected.push(`${plan.kind} ${req.method} ${req.url}`);
        const forward = (
          onAnswer: (status: number, headers: http.IncomingHttpHeaders, body: Buffer) => void,
        ) => {
          const up = http.request(
            {
              host: target.hostname,
              port: target.port,
              method: req.method,
              path: req.url,
              headers: req.headers,
            },
            (upRes) => {
              const body: Buffer[] = [];
              upRes.on('data', (c: Buffer) => body.push(c));
              upRes.on('end', () => onAnswer(upRes.statusCode ?? 502, upRes.headers, Buffer.concat(body)));
            },
          );
          up.on('error', () => res.destroy());
          up.end(Buffer.concat(chunks));
        };
        switch (plan?.kind) {
          case 'status-429':
            res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
            return res.end(
              JSON.stringify({ error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'Too many requests' }),
            );
          case 'status-502':
            res.writeHead(502, { 'content-type': 'text/html' });
            return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
          case 'reset':
            return req.socket.destroy();
          case 'html-200':
            res.writeHead(200, { 'content-type': 'text/html' });
            return res.end('<!doctype html><html><body>Sign in to continue</body></html>');
          case 'reset-mid-body':
            return forward((status, headers, body) => {
              res.writeHead(status, { ...headers, 'content-length': String(body.length) });
              res.write(body.subarray(0, Math.floor(body.length / 2)));
              setTimeout(() => req.socket.destroy(), 20);
            });
          case 'slow': {
            const timer = setTimeout(() => {
              this.timers.delete(timer);
              forward((status, headers, body) => {
                if (res.destroyed) return;
                res.writeHead(status, headers);
                res.end(body);
              });
            }, this.slowMs);
            this.timers.add(timer);
            return;
          }
          default:
            return forward((status, headers, body) => {
              res.writeHead(status, headers);
              res.end(body);
            });
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this.url;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
