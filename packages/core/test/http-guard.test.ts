import { describe, expect, it } from 'vitest';
import {
  checkHttpRequest,
  checkStationUpgrade,
  type HttpGuardPolicy,
  httpGuardPolicy,
  isLoopbackHost,
  requestPath,
  tokenCookieName,
} from '../src/index.js';

const LOOPBACK: HttpGuardPolicy = { boundHost: '127.0.0.1' };
const get = (headers: Record<string, string>, url = '/api/status') => ({
  method: 'GET',
  url,
  headers: { host: '127.0.0.1:8024', ...headers },
});
const post = (headers: Record<string, string>) => ({
  method: 'POST',
  url: '/api/ev',
  headers: { host: '127.0.0.1:8024', 'content-type': 'application/json', ...headers },
});
const status = (v: ReturnType<typeof checkHttpRequest>) => (v.ok ? 200 : v.status);

describe('checkHttpRequest: Host (DNS rebinding)', () => {
  it.each([
    ['127.0.0.1:8024', 200],
    ['localhost:8024', 200],
    ['LOCALHOST.:8024', 200],
    ['[::1]:8024', 200],
    ['127.0.0.2', 200],
    ['evil.example', 421],
    ['evil.example:8024', 421],
    ['10.0.0.1:8024', 421],
    ['', 421],
  ])('bound to loopback, Host %j → %i', (host, expected) => {
    expect(status(checkHttpRequest(get({ host }), LOOPBACK))).toBe(expected);
  });

  it('a missing Host is a 400', () => {
    expect(status(checkHttpRequest({ method: 'GET', headers: {} }, LOOPBACK))).toBe(400);
  });

  it('bound to a wildcard: any IP literal, names only when configured', () => {
    const policy = { boundHost: '0.0.0.0', hostNames: ['evse.lan'], token: 't' };
    const auth = { authorization: 'Bearer t' };
    expect(status(checkHttpRequest(get({ host: '192.168.1.9:80', ...auth }), policy))).toBe(200);
    expect(status(checkHttpRequest(get({ host: 'EVSE.lan:80', ...auth }), policy))).toBe(200);
    expect(status(checkHttpRequest(get({ host: 'evil.example', ...auth }), policy))).toBe(421);
  });

  it('bound to one address: that address and configured names only', () => {
    const policy = { boundHost: '192.168.1.9', token: 't' };
    const auth = { authorization: 'Bearer t' };
    expect(status(checkHttpRequest(get({ host: '192.168.1.9:1', ...auth }), policy))).toBe(200);
    expect(status(checkHttpRequest(get({ host: '127.0.0.1:1', ...auth }), policy))).toBe(421);
  });
});

describe('checkHttpRequest: other origins', () => {
  it('refuses OPTIONS (no preflight succeeds)', () => {
    const v = checkHttpRequest({ ...get({}), method: 'OPTIONS' }, LOOPBACK);
    expect(status(v)).toBe(405);
    expect(v.ok ? {} : v.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it.each([
    [{ origin: 'http://127.0.0.1:8024' }, 200],
    [{ origin: 'https://127.0.0.1:8024' }, 200],
    [{ origin: 'http://127.0.0.1:9999' }, 403],
    [{ origin: 'http://localhost:8024' }, 403],
    [{ origin: 'null' }, 403],
    [{ 'sec-fetch-site': 'same-origin' }, 200],
    [{ 'sec-fetch-site': 'none' }, 200],
    [{ 'sec-fetch-site': 'same-site' }, 403],
    [{ 'sec-fetch-site': 'cross-site' }, 403],
  ])('a write with %j → %i', (headers, expected) => {
    expect(status(checkHttpRequest(post(headers), LOOPBACK))).toBe(expected);
  });

  it('a cross-site GET is refused unless it is a navigation (a link to the page)', () => {
    const site = { 'sec-fetch-site': 'cross-site' };
    expect(status(checkHttpRequest(get({ ...site, 'sec-fetch-mode': 'cors' }), LOOPBACK))).toBe(
      403,
    );
    expect(status(checkHttpRequest(get({ ...site, 'sec-fetch-mode': 'no-cors' }), LOOPBACK))).toBe(
      403,
    );
    expect(
      status(checkHttpRequest(get({ ...site, 'sec-fetch-mode': 'navigate' }, '/'), LOOPBACK)),
    ).toBe(200);
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
    ['application/json; charset=utf-8', 200],
  ])('a write with Content-Type %s → %i', (type, expected) => {
    expect(status(checkHttpRequest(post({ 'content-type': type }), LOOPBACK))).toBe(expected);
  });

  it('a write without Content-Type is refused', () => {
    const req = { method: 'POST', url: '/api/ev', headers: { host: '127.0.0.1:1' } };
    expect(status(checkHttpRequest(req, LOOPBACK))).toBe(415);
  });
});

describe('checkHttpRequest: token', () => {
  const policy = { boundHost: '127.0.0.1', token: 's3cret' };

  it('needs the bearer token or the cookie', () => {
    expect(status(checkHttpRequest(get({}), policy))).toBe(401);
    expect(status(checkHttpRequest(get({ authorization: 'Bearer nope' }), policy))).toBe(401);
    expect(status(checkHttpRequest(get({ authorization: 'Bearer s3cret' }), policy))).toBe(200);
    expect(status(checkHttpRequest(post({ authorization: 'bearer s3cret' }), policy))).toBe(200);
    const cookie = `other=1; ${tokenCookieName('8024')}=s3cret`;
    expect(status(checkHttpRequest(get({ cookie }), policy))).toBe(200);
    // A cookie for another port's server does not count.
    expect(
      status(checkHttpRequest(get({ cookie: `${tokenCookieName('9')}=s3cret` }), policy)),
    ).toBe(401);
  });

  it('?token= on a GET sets the cookie and redirects to the URL without it', () => {
    const v = checkHttpRequest(get({}, '/?a=1&token=s3cret'), policy);
    expect(v).toMatchObject({
      ok: false,
      status: 303,
      headers: {
        location: '/?a=1',
        'set-cookie': `${tokenCookieName('8024')}=s3cret; Path=/; HttpOnly; SameSite=Strict`,
      },
    });
    expect(status(checkHttpRequest(get({}, '/?token=wrong'), policy))).toBe(401);
  });

  it('never puts the token in a refusal message', () => {
    const v = checkHttpRequest(get({}, '/?token=wrong'), policy);
    expect(JSON.stringify(v)).not.toContain('s3cret');
  });

  it('Origin is checked before the token', () => {
    const v = checkHttpRequest(
      post({ authorization: 'Bearer s3cret', origin: 'http://x' }),
      policy,
    );
    expect(status(v)).toBe(403);
  });
});

describe('helpers', () => {
  it('checkStationUpgrade refuses any Origin', () => {
    expect(checkStationUpgrade({}).ok).toBe(true);
    expect(status(checkStationUpgrade({ origin: 'http://127.0.0.1:1' }))).toBe(403);
  });

  it('requestPath keeps a leading // (no host parsing)', () => {
    expect(requestPath('//api/status?x')).toBe('//api/status');
    expect(requestPath(undefined)).toBe('/');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.1', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['192.168.1.2', false],
    ['evse.local', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('httpGuardPolicy', () => {
  it('needs a token off loopback and refuses unusable tokens', () => {
    expect(httpGuardPolicy({ host: '127.0.0.1' })).toEqual({
      boundHost: '127.0.0.1',
      token: undefined,
      hostNames: undefined,
    });
    expect(() => httpGuardPolicy({ host: '0.0.0.0' })).toThrow(
      'token: required when listening on 0.0.0.0, which is not loopback',
    );
    expect(httpGuardPolicy({ host: '0.0.0.0', token: 'abcdefgh' }).token).toBe('abcdefgh');
    expect(() => httpGuardPolicy({ host: '::1', token: 'a b;c=d' })).toThrow('token: must be');
    expect(() => httpGuardPolicy({ host: '::1', token: 'short' })).toThrow('token: must be');
  });
});
