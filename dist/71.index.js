export const id = 71;
export const ids = [71];
export const modules = {

/***/ 41071:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S3Store: () => (/* binding */ S3Store)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(53711);
/* harmony import */ var https_proxy_agent__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3669);
/* harmony import */ var https_proxy_agent__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(https_proxy_agent__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _net_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(23121);
/* harmony import */ var _object_store_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(73266);





/** Largest object read back (a day's CSV of one source is a few KiB); more is refused, not buffered. */
const MAX_OBJECT_BYTES = 16 * 1024 * 1024;
/** Page cap of one listing (1,000 keys a page: a million objects under one prefix). */
const MAX_LIST_PAGES = 1_000;
/**
 * The layout in an S3 bucket. Credentials come from the SDK's default chain, so
 * aws-actions/configure-aws-credentials (OIDC) works unchanged. Writes are single PUTs, conditional on the
 * ETag read before (If-Match) or on absence (If-None-Match: *).
 */
class S3Store {
    options;
    client;
    /** Set once an operation ran out of its deadline: the store is silent, later operations fail at once. */
    silent;
    constructor(options) {
        this.options = options;
        const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
        // The SDK's own variables for a custom endpoint count as setting one (a step's env, e.g. for MinIO).
        const endpoint = options.endpoint || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL;
        const requestTimeout = options.requestTimeoutMs ?? 60_000;
        // HTTPS_PROXY/HTTP_PROXY/NO_PROXY as src/net reads them, for the endpoint this client talks to.
        const proxy = (0,_net_http_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyUrlFor */ .tr)(new URL(endpoint || `https://s3.${region}.amazonaws.com`));
        const agent = proxy ? new https_proxy_agent__WEBPACK_IMPORTED_MODULE_0__.HttpsProxyAgent(proxy, { keepAlive: true }) : undefined;
        const config = {
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
        this.client = new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .S3Client */ .YxF(config);
    }
    describe(key) {
        return `s3://${this.options.bucket}/${key}`;
    }
    /**
     * Runs one operation within its deadline (retries and body included). A deadline passed makes the store
     * silent: this and every later operation fail with one clear message instead of waiting again.
     */
    async operation(what, fn) {
        if (this.silent)
            throw this.silent;
        const limitMs = this.options.operationTimeoutMs ?? 90_000;
        const deadline = AbortSignal.timeout(limitMs);
        const abortSignal = this.options.signal ? AbortSignal.any([this.options.signal, deadline]) : deadline;
        try {
            return await fn(abortSignal);
        }
        catch (e) {
            if (this.options.signal?.aborted)
                throw e;
            const reason = deadline.aborted
                ? `no answer within ${limitMs / 1000} s (retries included)`
                : isTimeout(e)
                    ? `no answer within ${(this.options.requestTimeoutMs ?? 60_000) / 1000} s, ${this.options.maxAttempts ?? 5} attempt(s)`
                    : undefined;
            if (!reason)
                throw e;
            this.silent = new Error(`S3 ${what}: ${reason}; the store counts as unreachable for the rest of the run`, { cause: e });
            throw this.silent;
        }
    }
    async check() {
        const limitMs = this.options.checkTimeoutMs ?? 20_000;
        const deadline = AbortSignal.timeout(limitMs);
        try {
            const abortSignal = this.options.signal ? AbortSignal.any([this.options.signal, deadline]) : deadline;
            await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .HeadBucketCommand */ .kuI({ Bucket: this.options.bucket }), { abortSignal });
        }
        catch (e) {
            const status = statusOf(e);
            if (status === 404) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`s3-bucket: bucket '${this.options.bucket}' does not exist; create it or fix the name`);
            }
            if (status === 403 || status === 401) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`s3-bucket: no access to bucket '${this.options.bucket}' with these credentials; grant s3:GetObject, s3:PutObject and s3:ListBucket`);
            }
            if (e.name === 'CredentialsProviderError') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`s3-bucket: no AWS credentials found; add aws-actions/configure-aws-credentials before this step or set AWS_* variables`);
            }
            if (deadline.aborted) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`s3-bucket: bucket '${this.options.bucket}' did not answer within ${limitMs / 1000} s; check s3-endpoint, aws-region and the network`);
            }
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`s3-bucket: bucket '${this.options.bucket}' cannot be reached: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)}`);
        }
    }
    async get(key) {
        const max = this.options.maxObjectBytes ?? MAX_OBJECT_BYTES;
        return this.operation(`GET ${this.describe(key)}`, async (abortSignal) => {
            try {
                const out = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .GetObjectCommand */ .jLs({ Bucket: this.options.bucket, Key: key }), {
                    abortSignal,
                });
                if ((out.ContentLength ?? 0) > max) {
                    out.Body?.destroy?.();
                    throw new Error(`${this.describe(key)}: ${out.ContentLength} bytes, more than the ${max} read back`);
                }
                const body = out.Body ? await readCapped(out.Body, max, this.describe(key)) : '';
                return { body, version: out.ETag ?? '' };
            }
            catch (e) {
                if (statusOf(e) === 404 || e.name === 'NoSuchKey')
                    return undefined;
                throw e;
            }
        });
    }
    async put(key, body, expected) {
        await this.operation(`PUT ${this.describe(key)}`, async (abortSignal) => {
            try {
                await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .PutObjectCommand */ .wKZ({
                    Bucket: this.options.bucket,
                    Key: key,
                    Body: body,
                    ContentType: 'text/csv; charset=utf-8',
                    ...(expected === undefined ? { IfNoneMatch: '*' } : { IfMatch: expected }),
                }), { abortSignal });
            }
            catch (e) {
                const status = statusOf(e);
                if (status === 412 || status === 409)
                    throw new _object_store_js__WEBPACK_IMPORTED_MODULE_4__/* .ConflictError */ .f(`${this.describe(key)} changed while it was being written`);
                throw e;
            }
        });
    }
    async list(prefix) {
        const keys = [];
        const guard = new _net_http_js__WEBPACK_IMPORTED_MODULE_1__/* .PageGuard */ .f8({
            label: `S3 listing of ${this.describe(prefix)}/`,
            maxPages: MAX_LIST_PAGES,
        });
        let token;
        do {
            guard.next(token ?? '');
            const out = await this.operation(`LIST ${this.describe(prefix)}/`, (abortSignal) => this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .ListObjectsV2Command */ .u6x({
                Bucket: this.options.bucket,
                Prefix: `${prefix}/`,
                ContinuationToken: token,
            }), { abortSignal }));
            for (const o of out.Contents ?? [])
                if (o.Key)
                    keys.push(o.Key);
            token = out.IsTruncated ? out.NextContinuationToken : undefined;
        } while (token);
        return keys.sort();
    }
}
/** Reads a body to text, refusing more than `max` bytes (read in this promise: nothing throws elsewhere). */
async function readCapped(body, max, what) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
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
function isTimeout(e) {
    const err = e;
    return err?.name === 'TimeoutError' || err?.code === 'ETIMEDOUT';
}
function statusOf(e) {
    if (e instanceof _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .S3ServiceException */ .Hcp)
        return e.$metadata.httpStatusCode;
    return e?.$metadata?.httpStatusCode;
}


/***/ })

};
