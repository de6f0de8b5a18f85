/**
 * The API behind a dashboard (AUDIT-2026-12.md finding 21) answers only what the dashboard
 * checked and forwarded: a direct request to its loopback port, from a page or anyone else,
 * lacks the per-process token and gets 401; an unreachable API is a 502 that does not name
 * its internal address. Real servers on 127.0.0.1:0, in-process.
 */
import { createEmulator, serveControlApi } from '@evse/transport-emulator';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { HostPort } from '../src/args.js';
import { type InternalApi, serveWithDashboard } from '../src/dashboard.js';
import { createCleanup } from '../src/lifecycle.js';

const JSON_POST = { method: 'POST', headers: { 'content-type': 'application/json' } };

async function start(api: (address: HostPort, token: string) => Promise<InternalApi>) {
  const cleanup = createCleanup({ write: () => true });
  onTestFinished(() => cleanup.run());
  const lines: string[] = [];
  const url = await serveWithDashboard({
    address: { host: '127.0.0.1', port: 0 },
    sources: { controls: 'emulator' },
    api,
    say: (line) => lines.push(line),
    cleanup,
  });
  return { url, lines };
}

describe('serveWithDashboard and the API behind it', () => {
  it('the internal API refuses direct requests; the dashboard forwards with its token', async () => {
    const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
    onTestFinished(() => emulator.close());
    let internal = '';
    let secret = '';
    const { url, lines } = await start(async (address, token) => {
      secret = token;
      const api = await serveControlApi(emulator.control, { ...address, token });
      internal = api.url;
      return api;
    });
    expect(lines).toEqual([]); // loopback, no --token: nothing to print
    expect(secret).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(new URL(internal).hostname).toBe('127.0.0.1');
    const direct = await fetch(`${internal}/api/ev`, {
      ...JSON_POST,
      body: '{"action":"connect"}',
    });
    expect(direct.status).toBe(401);
    expect(emulator.control.status().evConnected).toBe(false);
    const forwarded = await fetch(`${url}/api/ev`, { ...JSON_POST, body: '{"action":"connect"}' });
    expect(forwarded.status).toBe(200);
    expect(emulator.control.status().evConnected).toBe(true);
    // The browser's own credentials are not what reaches the API.
    const spoofed = await fetch(`${internal}/api/status`, {
      headers: { authorization: 'Bearer not-the-secret-token' },
    });
    expect(spoofed.status).toBe(401);
  });

  it('an API that stopped answering is a 502 that names no internal address', async () => {
    let internal = '';
    const { url } = await start(async (address, token) => {
      const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
      const api = await serveControlApi(emulator.control, { ...address, token });
      internal = api.url;
      await api.close();
      await emulator.close();
      return { url: api.url, close: async () => {} };
    });
    const reply = await fetch(`${url}/api/status`);
    expect(reply.status).toBe(502);
    const text = await reply.text();
    expect(text).toContain('the API behind the dashboard did not answer');
    expect(text).not.toContain(new URL(internal).port);
  });
});
