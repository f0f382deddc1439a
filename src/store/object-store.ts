/** What the writer needs of a store: read an object with its version, write it only if it is unchanged. */
export interface ObjectStore {
  /** A human name for a key: `s3://bucket/key` or a file path. */
  describe(key: string): string;
  /** Fails with a UserError when the store can't be used (no such bucket, no access, not a folder). */
  check(): Promise<void>;
  get(key: string): Promise<StoredObject | undefined>;
  /**
   * Writes the whole object at once. `expected` is the version read before (undefined: the object must
   * not exist). Throws ConflictError when the object changed in between, where the store can tell.
   */
  put(key: string, body: string, expected: string | undefined): Promise<void>;
  /** Lists keys under a prefix (for reading back). */
  list(prefix: string): Promise<string[]>;
}

export interface StoredObject {
  body: string;
  /** An opaque version: the S3 ETag, or a hash of a local file's content. */
  version: string;
}

/** Another writer changed the object since it was read: read, merge and write again. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}
