import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { UserError, errorMessage } from '../errors.js';
import { PageGuard, proxyUrlFor } from '../net/http.js';
import { ConflictError, type ObjectStore, type StoredObject } from './object-store.js';

/** Largest object read back (a day's CSV of one source is a few KiB); more is refused, not buffered. */
const MAX_OBJECT_BYTES = 16 * 1024 * 1024;
/** Page cap of one listing (1,000 keys a page: a million objects under one prefix). */
const MAX_LIST_PAGES = 1_000;

export interface S3StoreOptions {
  bucket: string;
  /** A custom endpoint for S3-compatible stores (MinIO, R2, Ceph, s3rver). */
  endpoint?: string;
  region?: string;
  /** Attempts per request, retries included (the SDK retries 5xx, SlowDown and network errors). */
  maxAttempts?: number;
  /** Aborts requests in flight when the run is cancelled. */
  signal?: AbortSignal;
  /** Connect and whole-request timeouts, in ms (defaults 5 s and 60 s): a silent endpoint never hangs a run. */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** How long the bucket check may take in all, retries included (default 20 s). */
  checkTimeoutMs?: number;
  /**
   * How long one operation (a read, a write, a listing) may take in all, retries and body included
   * (default 90 s). After one operation ran out of it, the store counts as silent: the next ones fail
   * at once, so a run ends in saved rows within minutes (issue 14, item 1).
   */
  operationTimeoutMs?: number;
  /** Largest object read back (default MAX_OBJECT_BYTES). */
  maxObjectBytes?: number;
}

/**
 * The layout in an S3 bucket. Credentials come from the SDK's default chain, so
 * aws-actions/configure-aws-credentials (OIDC) works unchanged. Writes are single PUTs, conditional on the
 * ETag read before (If-Match) or on absence (If-None-Match: *).
 */
export class S3Store implements ObjectStore {
  readonly client: S3Client;
  /** Set once an operation ran out of its deadline: the store is silent, later operations fail at once. */
  private silent: Error | undefined;

  constructor(readonly options: S3StoreOptions) {
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    // The SDK's own variables for a custom endpoint count as setting one (a step's env, e.g. for MinIO).
    const endpoint = options.endpoint || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL;
    const requestTimeout = options.requestTimeoutMs ?? 60_000;
    // HTTPS_PROXY/HTTP_PROXY/NO_PROXY as src/net reads them, for the endpoint this client talks to.
    const proxy = proxyUrlFor(new URL(endpoint || `https://s3.${region}.amazonaws.com`));
    const agent = proxy ? new HttpsProxyAgent(proxy, { keepAlive: true }) : undefined;
    const config: S3ClientConfig = {
      region,
      maxAttempts: options.maxAttempts ?? 5,
      requestHandler: {
        connectionTimeout: options.connectTimeoutMs ?? 5_000,
        // The SDK only warns when requestTimeout passes unless told to throw (issue 14, item 1).
        requestTimeout,
        throwOnRequestTimeout: true,
        // A socket silent in the middle of a body (after the headers, where requestTimeout stops).
        socketTimeout: requestTimeout,
        ...(agent ? { httpsAgent: agent, httpAgent: agent } : {}),
      },
    };
    if (endpoint) {
      // Most S3-compatible stores need path-style addressing and mishandle the SDK's default streaming
      // checksums (the aws-chunked framing ends up stored as the content).
      config.endpoint = endpoint;
      config.forcePathStyle = true;
      config.requestChecksumCalculation = 'WHEN_REQUIRED';
      config.responseChecksumValidation = 'WHEN_REQUIRED';
    }
    this.client = new S3Client(config);
  }

  describe(key: string): string {
    return `s3://${this.options.bucket}/${key}`;
  }

  /**
   * Runs one operation within its deadline (retries and body included). A deadline passed makes the store
   * silent: this and every later operation fail with one clear message instead of waiting again.
   */
  private async operation<T>(what: string, fn: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.silent) throw this.silent;
    const limitMs = this.options.operationTimeoutMs ?? 90_000;
    const deadline = AbortSignal.timeout(limitMs);
    const abortSignal = this.options.signal ? AbortSignal.any([this.options.signal, deadline]) : deadline;
    try {
      return await fn(abortSignal);
    } catch (e) {
      if (this.options.signal?.aborted) throw e;
      const reason = deadline.aborted
        ? `no answer within ${limitMs / 1000} s (retries included)`
        : isTimeout(e)
          ? `no answer within ${(this.options.requestTimeoutMs ?? 60_000) / 1000} s, ${this.options.maxAttempts ?? 5} attempt(s)`
          : undefined;
      if (!reason) throw e;
      this.silent = new Error(
        `S3 ${what}: ${reason}; the store counts as unreachable for the rest of the run`,
        { cause: e },
      );
      throw this.silent;
    }
  }

  async check(): Promise<void> {
    const limitMs = this.options.checkTimeoutMs ?? 20_000;
    const deadline = AbortSignal.timeout(limitMs);
    try {
      const abortSignal = this.options.signal ? AbortSignal.any([this.options.signal, deadline]) : deadline;
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }), { abortSignal });
    } catch (e) {
      const status = statusOf(e);
      if (status === 404) {
        throw new UserError(
          `s3-bucket: bucket '${this.options.bucket}' does not exist; create it or fix the name`,
        );
      }
      if (status === 403 || status === 401) {
        throw new UserError(
          `s3-bucket: no access to bucket '${this.options.bucket}' with these credentials; grant s3:GetObject, s3:PutObject and s3:ListBucket`,
        );
      }
      if ((e as Error).name === 'CredentialsProviderError') {
        throw new UserError(
          `s3-bucket: no AWS credentials found; add aws-actions/configure-aws-credentials before this step or set AWS_* variables`,
        );
      }
      if (deadline.aborted) {
        throw new UserError(
          `s3-bucket: bucket '${this.options.bucket}' did not answer within ${limitMs / 1000} s; check s3-endpoint, aws-region and the network`,
        );
      }
      throw new UserError(`s3-bucket: bucket '${this.options.bucket}' cannot be reached: ${errorMessage(e)}`);
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const max = this.options.maxObjectBytes ?? MAX_OBJECT_BYTES;
    return this.operation(`GET ${this.describe(key)}`, async (abortSignal) => {
      try {
        const out = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), {
          abortSignal,
        });
        if ((out.ContentLength ?? 0) > max) {
          (out.Body as Readable | undefined)?.destroy?.();
          throw new Error(
            `${this.describe(key)}: ${out.ContentLength} bytes, more than the ${max} read back`,
          );
        }
        const body = out.Body ? await readCapped(out.Body as Readable, max, this.describe(key)) : '';
        return { body, version: out.ETag ?? '' };
      } catch (e) {
        if (statusOf(e) === 404 || (e as Error).name === 'NoSuchKey') return undefined;
        throw e;
      }
    });
  }

  async put(key: string, body: string, expected: string | undefined): Promise<void> {
    await this.operation(`PUT ${this.describe(key)}`, async (abortSignal) => {
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.options.bucket,
            Key: key,
            Body: body,
            ContentType: 'text/csv; charset=utf-8',
            ...(expected === undefined ? { IfNoneMatch: '*' } : { IfMatch: expected }),
          }),
          { abortSignal },
        );
      } catch (e) {
        const status = statusOf(e);
        if (status === 412 || status === 409)
          throw new ConflictError(`${this.describe(key)} changed while it was being written`);
        throw e;
      }
    });
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const guard = new PageGuard({
      label: `S3 listing of ${this.describe(prefix)}/`,
      maxPages: MAX_LIST_PAGES,
    });
    let token: string | undefined;
    do {
      guard.next(token ?? '');
      const out = await this.operation(`LIST ${this.describe(prefix)}/`, (abortSignal) =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.options.bucket,
            Prefix: `${prefix}/`,
            ContinuationToken: token,
          }),
          { abortSignal },
        ),
      );
      for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }
}

/** Reads a body to text, refusing more than `max` bytes (read in this promise: nothing throws elsewhere). */
async function readCapped(body: Readable, max: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > max) {
      body.destroy();
      throw new Error(`${what}: more than ${max} bytes; not read further`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** The SDK's request timeout (throwOnRequestTimeout), or a socket gone silent. */
function isTimeout(e: unknown): boolean {
  const err = e as { name?: string; code?: string } | undefined;
  return err?.name === 'TimeoutError' || err?.code === 'ETIMEDOUT';
}

function statusOf(e: unknown): number | undefined {
  if (e instanceof S3ServiceException) return e.$metadata.httpStatusCode;
  return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
