/**
 * True when the URL's host is the loopback interface (127.0.0.0/8, ::1, localhost). Inputs that take a
 * server URL accept plain http: only for such hosts, where nothing crosses a network; everywhere else a
 * token sent over http: could be read on the way (issue 14, item 5).
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  // An IPv4-mapped IPv6 loopback (::ffff:127.x.y.z), which URL normalises to hex groups.
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
  return mapped !== null && parseInt(mapped[1] ?? '', 16) >> 8 === 127;
}
