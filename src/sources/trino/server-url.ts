import { UserError } from '../../errors.js';
import { isLoopbackUrl } from '../../net/http.js';

/**
 * Parses trino-server: an https URL (http only on loopback), without credentials, query or fragment; a
 * path is kept as the base under which /v1/statement lives (a gateway's prefix).
 */
export function parseServerUrl(value: string, input = 'trino-server'): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UserError(`${input}: the value is not a URL; use https://trino.example.com:8443`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`${input}: the scheme is '${url.protocol}'; use https://trino.example.com:8443`);
  }
  if (url.protocol === 'http:' && !isLoopbackUrl(url)) {
    throw new UserError(
      `${input}: http is allowed only on loopback (localhost, 127.0.0.1); use https://${url.host}`,
    );
  }
  if (url.username || url.password) {
    throw new UserError(`${input}: the URL carries credentials; pass them as trino-user and trino-password`);
  }
  if (url.search || url.hash) throw new UserError(`${input}: remove the query or fragment from the URL`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
