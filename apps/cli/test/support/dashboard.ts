// Browser-free checks of a dashboard served by an `evse` command on its --http address: the
// page, the first Server-Sent Event, and the API behind it on the same origin. (The page
// itself runs in Chromium in packages/dashboard's browser tests.)
import { request } from 'node:http';
import { expect } from 'vitest';

/** The dashboard's `init` event (the parts these tests read). */
export interface DashboardInit {
  readonly title: string;
  readonly controls: string;
  /** The tag the swipe field starts with. */
  readonly cardTag: string;
  readonly panels: Record<string, boolean>;
  readonly chart: { readonly states: readonly { readonly id: string }[] };
  readonly status: { readonly state: string } | null;
  readonly rapi: readonly { readonly dir: 'tx' | 'rx'; readonly line: string }[];
  readonly ocpp: readonly { readonly dir: 'tx' | 'rx'; readonly action?: string }[];
  readonly fleet: readonly {
    readonly id: string;
    readonly state: string;
    readonly transactionId: number | null;
    readonly energyWh: number;
  }[];
}

/** `GET /` is the page: HTML with the app shell and its module, from our own server. */
export async function expectDashboardPage(base: string): Promise<void> {
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await page.text();
  expect(html).toContain('<script type="module" src="/dashboard/app.js"></script>');
  expect(html).toContain('id="chart"');
  const script = await fetch(`${base}/dashboard/app.js`);
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  await script.body?.cancel();
}

/** Open `GET /dashboard/events`, read the first event (`init`), close the stream. */
export function readInit(base: string, timeoutMs = 10_000): Promise<DashboardInit> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/dashboard/events`, (res) => {
      if (
        res.statusCode !== 200 ||
        !/^text\/event-stream/.test(res.headers['content-type'] ?? '')
      ) {
        req.destroy();
        reject(new Error(`events: HTTP ${res.statusCode} ${res.headers['content-type']}`));
        return;
      }
      let text = '';
      res.on('error', () => {}); // the stream is cut on purpose below
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const end = text.indexOf('\n\n');
        if (end < 0) return;
        clearTimeout(timer);
        req.destroy();
        const event = /^event: (\S+)$/m.exec(text.slice(0, end))?.[1];
        const data = /^data: (.*)$/m.exec(text.slice(0, end))?.[1] ?? '';
        if (event !== 'init') reject(new Error(`first event is ${event}, not init`));
        else resolve(JSON.parse(data) as DashboardInit);
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no init event'));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/** `GET /api/status` through the dashboard's address: the API behind it answers. */
export async function apiStatus(base: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/api/status`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as Record<string, unknown>;
}
