/** Why a request failed, as data a caller can decide on (retry, fail fast, tell the user what to fix). */
export type NetErrorCode =
  | 'timeout'
  | 'connect_timeout'
  | 'too_large'
  | 'cross_origin_redirect'
  | 'too_many_redirects'
  | 'network'
  | 'dns'
  | 'refused'
  | 'aborted'
  | 'bad_json';

/**
 * The only error httpRequest() rejects with. Its message names the host (never the URL's path or query,
 * which may carry a token) and says what happened in words a user can act on.
 */
export class NetError extends Error {
  override name = 'NetError';
  constructor(
    readonly code: NetErrorCode,
    readonly host: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${host}: ${message}`, options);
  }
}

/** Error codes Node and undici give a failed connection, most specific first. */
const SYSTEM_CODES: Record<string, NetErrorCode> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  ECONNREFUSED: 'refused',
  UND_ERR_CONNECT_TIMEOUT: 'connect_timeout',
  ETIMEDOUT: 'connect_timeout',
};

/** The system codes found on an error, its causes and the members of an AggregateError (happy eyeballs). */
function codesOf(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => codesOf(x, depth + 1)) : [];
  return [...own, ...nested, ...codesOf(e.cause, depth + 1)];
}

const WORDS: Record<NetErrorCode, string> = {
  dns: 'the host name does not resolve (DNS); check the URL, or HTTPS_PROXY/NO_PROXY on this runner',
  refused: 'connection refused; nothing listens there, or a firewall rejects it',
  connect_timeout: 'no connection within the connect deadline',
  timeout: 'no complete answer within the deadline',
  network: 'the connection failed',
  aborted: 'the request was cancelled',
  too_large: 'the answer is larger than allowed',
  cross_origin_redirect: 'redirected to another origin',
  too_many_redirects: 'too many redirects',
  bad_json: 'the answer is not JSON',
};

/** Node's codes for a certificate chain it does not trust or a name it does not match. */
const TLS_TRUST = /^(CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_CERT_ALTNAME)/;
const TLS_WORDS =
  'the TLS certificate is not trusted; a TLS-inspecting proxy or a private CA needs its CA file in NODE_EXTRA_CA_CERTS';

/** Classifies a transport error from undici or Node into a NetError that names the host. */
export function classify(error: unknown, host: string): NetError {
  if (error instanceof NetError) return error;
  const codes = codesOf(error);
  const code = codes.map((c) => SYSTEM_CODES[c]).find((c) => c !== undefined) ?? 'network';
  const detail = codes.find((c) => c !== 'UND_ERR_SOCKET') ?? describe(error);
  if (codes.some((c) => TLS_TRUST.test(c))) {
    return new NetError('network', host, `${TLS_WORDS} (${detail})`, { cause: error });
  }
  const suffix = detail ? ` (${detail})` : '';
  return new NetError(code, host, `${WORDS[code]}${suffix}`, { cause: error });
}

/** A short description of an error without anything that could carry a URL or a header. */
function describe(error: unknown): string {
  if (!error || typeof error !== 'object') return '';
  const message = (error as Error).message;
  if (typeof message !== 'string') return '';
  // undici's own messages ("other side closed", "Proxy response (407) !== 200 when HTTP Tunneling") carry
  // no secrets; still, cut anything URL-like out.
  return message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>').slice(0, 120);
}

export function netError(code: NetErrorCode, host: string, detail?: string): NetError {
  if (!detail) return new NetError(code, host, WORDS[code]);
  // A bare figure ("0.3 s") reads as a parenthesis; a sentence after a colon.
  return new NetError(
    code,
    host,
    /^[\d.]+ \w+$/.test(detail) ? `${WORDS[code]} (${detail})` : `${WORDS[code]}: ${detail}`,
  );
}
