export const id = 71;
export const ids = [71];
export const modules = {

/***/ 41071:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S3Store: () => (/* binding */ S3Store)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53711);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _object_store_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73266);



/**
 * The layout in an S3 bucket. Credentials come from the SDK's default chain, so
 * aws-actions/configure-aws-credentials (OIDC) works unchanged. Writes are single PUTs, conditional on the
 * ETag read before (If-Match) or on absence (If-None-Match: *).
 */
class S3Store {
    options;
    client;
    constructor(options) {
        this.options = options;
        const config = {
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
        this.client = new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .S3Client */ .YxF(config);
    }
    describe(key) {
        return `s3://${this.options.bucket}/${key}`;
    }
    sendOptions() {
        return this.options.signal ? { abortSignal: this.options.signal } : {};
    }
    async check() {
        const limitMs = this.options.checkTimeoutMs ?? 20_000;
        const deadline = AbortSignal.timeout(limitMs);
        try {
            const abortSignal = this.options.signal ? AbortSignal.any([this.options.signal, deadline]) : deadline;
            await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .HeadBucketCommand */ .kuI({ Bucket: this.options.bucket }), { abortSignal });
        }
        catch (e) {
            const status = statusOf(e);
            if (status === 404) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`s3-bucket: bucket '${this.options.bucket}' does not exist; create it or fix the name`);
            }
            if (status === 403 || status === 401) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`s3-bucket: no access to bucket '${this.options.bucket}' with these credentials; grant s3:GetObject, s3:PutObject and s3:ListBucket`);
            }
            if (e.name === 'CredentialsProviderError') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`s3-bucket: no AWS credentials found; add aws-actions/configure-aws-credentials before this step or set AWS_* variables`);
            }
            if (deadline.aborted) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`s3-bucket: bucket '${this.options.bucket}' did not answer within ${limitMs / 1000} s; check s3-endpoint, aws-region and the network`);
            }
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`s3-bucket: bucket '${this.options.bucket}' cannot be reached: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(e)}`);
        }
    }
    async get(key) {
        try {
            const out = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .GetObjectCommand */ .jLs({ Bucket: this.options.bucket, Key: key }), this.sendOptions());
            const body = (await out.Body?.transformToString('utf-8')) ?? '';
            return { body, version: out.ETag ?? '' };
        }
        catch (e) {
            if (statusOf(e) === 404 || e.name === 'NoSuchKey')
                return undefined;
            throw e;
        }
    }
    async put(key, body, expected) {
        try {
            await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .PutObjectCommand */ .wKZ({
                Bucket: this.options.bucket,
                Key: key,
                Body: body,
                ContentType: 'text/csv; charset=utf-8',
                ...(expected === undefined ? { IfNoneMatch: '*' } : { IfMatch: expected }),
            }), this.sendOptions());
        }
        catch (e) {
            const status = statusOf(e);
            if (status === 412 || status === 409)
                throw new _object_store_js__WEBPACK_IMPORTED_MODULE_2__/* .ConflictError */ .f(`${this.describe(key)} changed while it was being written`);
            throw e;
        }
    }
    async list(prefix) {
        const keys = [];
        let token;
        do {
            const out = await this.client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .ListObjectsV2Command */ .u6x({
                Bucket: this.options.bucket,
                Prefix: `${prefix}/`,
                ContinuationToken: token,
            }));
            for (const o of out.Contents ?? [])
                if (o.Key)
                    keys.push(o.Key);
            token = out.IsTruncated ? out.NextContinuationToken : undefined;
        } while (token);
        return keys.sort();
    }
}
function statusOf(e) {
    if (e instanceof _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_0__/* .S3ServiceException */ .Hcp)
        return e.$metadata.httpStatusCode;
    return e?.$metadata?.httpStatusCode;
}


/***/ })

};
