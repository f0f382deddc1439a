import * as http from 'node:http';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * A proxy in front of s3rver that adds what s3rver lacks, following S3's documented behaviour:
 * - conditional writes: PUT with If-None-Match: * fails with 412 PreconditionFailed when the object exists,
 *   PUT with If-Match: <etag> fails with 412 when the current ETag differs (checked and written under a
 *   per-key lock, so check-and-write is atomic as in S3);
 * - injected faults: the next N PUTs answer 503 SlowDown (or 500 InternalError), or the store is 'down'
 *   (every request but HeadBucket answers 503), or PUTs are delayed.
 */
export interface S3Proxy {
  endpoint: string;
  /** Faults to inject; change them between runs. */
  faults: { failPuts: number; failStatus: 500 | 503; down: boolean; putDelayMs: number; denied?: boolean };
  stats: { puts: number; okPuts: number; preconditionFailed: number; injected: number };
  stop(): Promise<void>;
}

function xmlError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': `proxy${Date.now()}` });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>proxy</RequestId></Error>`,
  );
}

export async function startS3Proxy(target: string, bucket: string, client: S3Client): Promise<S3Proxy> {
  const targetUrl = new URL(target);
  const locks = new Map<string, Promise<void>>();
  const faults: S3Proxy['faults'] = { failPuts: 0, failStatus: 503, down: false, putDelayMs: 0 };
  const stats: S3Proxy['stats'] = { puts: 0, okPuts: 0, preconditionFailed: 0, injected: 0 };

  async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    locks.set(
      key,
      prev.then(() => mine),
    );
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  async function currentEtag(key: string): Promise<string | undefined> {
    try {
      return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag;
    } catch {
      return undefined;
    }
  }

  function forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<number> {
    return new Promise((resolve, reject) => {
      const up = http.request(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on('end', () => resolve(upRes.statusCode ?? 502));
        },
      );
      up.on('error', reject);
      up.end(body);
    });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const key = decodeURIComponent(url.pathname.replace(`/${bucket}/`, ''));
      const isBucketHead = req.method === 'HEAD' && url.pathname.replace(/\/$/, '') === `/${bucket}`;
      try {
        if (faults.denied) {
          stats.injected++;
          return xmlError(res, 403, 'AccessDenied', 'Access Denied');
        }
        if (faults.down && !isBucketHead) {
          stats.injected++;
          return xmlError(res, 503, 'ServiceUnavailable', 'Please reduce your request rate.');
        }
        if (req.method !== 'PUT') return void (await forward(req, body, res));
        stats.puts++;
        if (faults.failPuts > 0) {
          faults.failPuts--;
          stats.injected++;
          return faults.failStatus === 503
            ? xmlError(res, 503, 'SlowDown', 'Please reduce your request rate.')
            : xmlError(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
        }
        await withLock(key, async () => {
          if (faults.putDelayMs) await new Promise((r) => setTimeout(r, faults.putDelayMs));
          const ifNoneMatch = req.headers['if-none-match'];
          const ifMatch = req.headers['if-match'];
          if (ifNoneMatch !== undefined || ifMatch !== undefined) {
            const etag = await currentEtag(key);
            if ((ifNoneMatch === '*' && etag !== undefined) || (ifMatch !== undefined && ifMatch !== etag)) {
              stats.preconditionFailed++;
              return xmlError(
                res,
                412,
                'PreconditionFailed',
                'At least one of the pre-conditions you specified did not hold',
              );
            }
          }
          const status = await forward(req, body, res);
          if (status === 200) stats.okPuts++;
        });
      } catch (e) {
        if (!res.headersSent) xmlError(res, 500, 'InternalError', String(e));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    faults,
    stats,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
