/**
 * The `--http` token: generated (and printed in exactly one line) only off loopback, never
 * printed when given with --token; and a real `evse emulate --token` process end to end.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';
import { publicToken, tokenLine } from '../src/http/security.js';

describe('publicToken and tokenLine', () => {
  it('loopback without --token: no token, no line', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) {
      const token = publicToken({ host, port: 0 }, {});
      expect(token).toEqual({ token: undefined, generated: false });
      expect(tokenLine('http://127.0.0.1:1', token)).toBeNull();
    }
  });

  it('off loopback: a fresh token each time, named in the one line with how to use it', () => {
    const a = publicToken({ host: '0.0.0.0', port: 8024 }, {});
    const b = publicToken({ host: '0.0.0.0', port: 8024 }, {});
    expect(a.generated).toBe(true);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a.token).not.toBe(b.token);
    const line = tokenLine('http://0.0.0.0:8024', a) ?? '';
    expect(line).toContain(`http://0.0.0.0:8024/?token=${a.token}`);
    expect(line).toContain(`Authorization: Bearer ${a.token}`);
    expect(line).not.toContain('\n');
  });

  it('--token is used and never printed', () => {
    const given = publicToken({ host: '0.0.0.0', port: 1 }, { token: 'my-secret-token' });
    expect(given).toEqual({ token: 'my-secret-token', generated: false });
    expect(tokenLine('http://0.0.0.0:1', given)).not.toContain('my-secret-token');
  });
});

describe('evse emulate --token', () => {
  it('requires the token on the dashboard and the control API, and prints it nowhere', async () => {
    const emulate = startCli([
      'emulate',
      '--no-tcp',
      '--http',
      '127.0.0.1:0',
      '--token',
      'proc-token-1',
    ]);
    try {
      const url = (await emulate.waitFor(/^Control API listening on (\S+)$/m))[1] ?? '';
      expect(emulate.stdout()).toContain(`${url}/ requires the token given with --token\n`);
      for (const path of ['/', '/api/status', '/dashboard/events']) {
        expect((await fetch(`${url}${path}`)).status).toBe(401);
      }
      const ok = await fetch(`${url}/api/status`, {
        headers: { authorization: 'Bearer proc-token-1' },
      });
      expect(ok.status).toBe(200);
      // The browser's way in: ?token= once, then the cookie.
      const login = await fetch(`${url}/?token=proc-token-1`, { redirect: 'manual' });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/');
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect((await fetch(`${url}/`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await emulate.stop();
    }
    expect(emulate.stdout() + emulate.stderr()).not.toContain('proc-token-1');
  });
});

afterAll(() => killAll());
