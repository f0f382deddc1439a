import { afterEach, describe, expect, it } from '@jest/globals';
import { clearSecrets, redact, registerSecret } from '../../src/redact.js';

afterEach(clearSecrets);

describe('redact (issue 14, items 5 and 6)', () => {
  it('item 6: a short secret echoed by a server is redacted (minimum lengths were 3 and 6)', () => {
    registerSecret('ab');
    expect(redact('password authentication failed: "ab"')).toBe('password authentication failed: "***"');
    expect(redact('postgres://user:ab@db.example.com/x')).toBe('postgres://user:***@db.example.com/x');
    // Inside a longer word it stays: the word "table" is not a leak of "ab".
    expect(redact('table ab-1')).toBe('table ***-1');
  });

  it("item 6: a URL's short password is redacted too", () => {
    registerSecret('postgres://kpi:pw9@db.internal:5432/kpis');
    expect(redact('connect failed: user kpi password pw9')).toBe('connect failed: user kpi password ***');
  });

  it('item 5: the JSON-escaped form of a secret is redacted', () => {
    const secret = 'dapi"quote\\back/slash1234';
    registerSecret(secret);
    const body = JSON.stringify({ message: `invalid token ${secret}` });
    expect(body).not.toContain(secret);
    expect(redact(body)).not.toContain('quote');
    // Some servers escape '/' too.
    expect(redact(body.replace(/\//g, '\\/'))).not.toContain('quote');
  });

  it('item 5: the HTML-escaped form of a secret is redacted', () => {
    const secret = `tok<&>"'en-0123456789`;
    registerSecret(secret);
    for (const apos of ['&#39;', '&#x27;', '&apos;']) {
      const page = `<p>bad token tok&lt;&amp;&gt;&quot;${apos}en-0123456789</p>`;
      expect(redact(page)).toBe('<p>bad token ***</p>');
    }
  });

  it('the form-encoded form of a secret (a query string: spaces as +) is redacted', () => {
    registerSecret('my secret/key+1 ü');
    expect(redact('q=/echo500?key=my+secret%2Fkey%2B1+%C3%BC body=')).toBe('q=/echo500?key=*** body=');
  });

  it('keeps base64 and URL-encoded forms', () => {
    const secret = 'p@ss word+/=0123';
    registerSecret(secret);
    expect(redact(`Basic ${Buffer.from(secret).toString('base64')}`)).toBe('Basic ***');
    expect(redact(`?t=${encodeURIComponent(secret)}`)).toBe('?t=***');
  });
});
