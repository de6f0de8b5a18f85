// The read-only status API behind `evse fleet --http` over real HTTP on 127.0.0.1:0: GET
// /api/status answers the current status; every other request is refused and reads nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { InternalApi } from '../src/dashboard.js';
import { serveStatusApi } from '../src/http/status-api.js';

let api: InternalApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

describe('serveStatusApi', () => {
  it('answers GET /api/status with the status of the moment, and refuses the rest', async () => {
    let reads = 0;
    api = await serveStatusApi(() => ({ reads: ++reads }), { host: '127.0.0.1', port: 0 });
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${api.url}/api/status`)).json()).toEqual({ reads: 1 });
    expect(await (await fetch(`${api.url}/api/status`)).json()).toEqual({ reads: 2 });
    const post = await fetch(`${api.url}/api/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    const other = await fetch(`${api.url}/api/ev`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(reads).toBe(2);
  });

  it('close() stops listening', async () => {
    api = await serveStatusApi(() => ({}), { host: '127.0.0.1', port: 0 });
    const { url } = api;
    await api.close();
    await expect(fetch(`${url}/api/status`)).rejects.toThrow();
  });
});
