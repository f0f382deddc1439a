import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { UserError, errorMessage } from '../errors.js';
import { ConflictError, type ObjectStore, type StoredObject } from './object-store.js';

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
}

/**
 * The layout in an S3 bucket. Credentials come from the SDK's default chain, so
 * aws-actions/configure-aws-credentials (OIDC) works unchanged. Writes are single PUTs, conditional on the
 * ETag read before (If-Match) or on absence (If-None-Match: *).
 */
export class S3Store implements ObjectStore {
  readonly client: S3Client;

  constructor(readonly options: S3StoreOptions) {
    const config: S3ClientConfig = {
      region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      maxAttempts: options.maxAttempts ?? 5,
      requestHandler: {
        connectionTimeout: options.connectTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 60_000,
      },
    };
    // The SDK's own variables for a custom endpoint count as setting one (a step's env, e.g. for MinIO).
    const endpoint = options.endpoint || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL;
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

  private sendOptions(): { abortSignal?: AbortSignal } {
    return this.options.signal ? { abortSignal: this.options.signal } : {};
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
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
        this.sendOptions(),
      );
      const body = (await out.Body?.transformToString('utf-8')) ?? '';
      return { body, version: out.ETag ?? '' };
    } catch (e) {
      if (statusOf(e) === 404 || (e as Error).name === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  async put(key: string, body: string, expected: string | undefined): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: body,
          ContentType: 'text/csv; charset=utf-8',
          ...(expected === undefined ? { IfNoneMatch: '*' } : { IfMatch: expected }),
        }),
        this.sendOptions(),
      );
    } catch (e) {
      const status = statusOf(e);
      if (status === 412 || status === 409)
        throw new ConflictError(`${this.describe(key)} changed while it was being written`);
      throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: `${prefix}/`,
          ContinuationToken: token,
        }),
      );
      for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }
}

function statusOf(e: unknown): number | undefined {
  if (e instanceof S3ServiceException) return e.$metadata.httpStatusCode;
  return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
