// Issue 17 items 5 and 6 with the real processes: `evse central --db` restarted mid-session
// closes the transaction opened before the restart when the bridge delivers its
// StopTransaction after it; a bridge without --queue never exits 0 silently with an
// undelivered StopTransaction, and a damaged queue journal is moved aside with advice (audit 2026-12
// findings 6, 14, 18, 23, 28).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CliProcess,
  emulatedBridge,
  killAll,
  startCli,
} from '../../../test/support/evse-cli.js';
import { evAction } from './support/ev-action.js';

const dirs: string[] = [];
afterEach(async () => {
  await killAll();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'evse-cli-db-'));
  dirs.push(dir);
  return dir;
}

async function startCentral(args: string[]): Promise<{ cs: CliProcess; url: string }> {
  const cs = startCli(['central', ...args]);
  const url = (await cs.waitFor(/^OCPP endpoint (ws:\/\/127\.0\.0\.1:\d+\/\S+)$/m))[1] ?? '';
  await cs.waitFor(/^Data kept in /m); // the last line of the start-up
  return { cs, url };
}

/** A bridge on the in-process emulator, without --queue; resolves with its control API. */
async function startBridge(
  url: string,
  extra: string[],
): Promise<{ bridge: CliProcess; http: string }> {
  const bridge = startCli([
    ...emulatedBridge(url, 'CP-1'),
    '--id-tag',
    'TAG-1',
    '--http',
    '127.0.0.1:0',
    ...extra,
  ]);
  const http = (await bridge.waitFor(/^Control API listening on (http:\S+)$/m))[1] ?? '';
  await bridge.waitFor(/^BootNotification Accepted/m);
  return { bridge, http };
}

/** Start a transaction, stop the central system, unplug: the StopTransaction waits in memory. */
async function stopWhileCentralIsDown(
  bridge: CliProcess,
  http: string,
  cs: CliProcess,
  signal: NodeJS.Signals = 'SIGINT',
) {
  await evAction(http, 'connect');
  await bridge.waitFor(/^StartTransaction accepted: transaction 1$/m);
  await cs.waitFor(/^CP-1 transaction 1 started for TAG-1/m);
  expect(await cs.stop(signal)).toBe(signal === 'SIGKILL' ? 'SIGKILL' : 0);
  await bridge.waitFor(/^OCPP disconnected/m);
  await evAction(http, 'disconnect');
  await bridge.waitFor(/^StopTransaction queued: transaction 1, meter \d+ Wh/m);
}

describe('evse central --db and the bridge shutdown', () => {
  it('a central system killed and restarted closes the transaction opened before', async () => {
    const db = join(await tempDir(), 'central.db');
    const first = await startCentral([
      '--listen',
      '127.0.0.1:0',
      '--db',
      db,
      '--allow',
      'CP-1',
      '--tags',
      'TAG-1',
    ]);
    expect(first.cs.stdout()).toMatch(
      new RegExp(`^Data kept in ${db}: 0 charge points, 0 transactions \\(0 open\\)$`, 'm'),
    );
    const port = /:(\d+)\//.exec(first.url)?.[1] ?? '';
    const { bridge, http } = await startBridge(first.url, ['--shutdown-wait', '30']);
    // A crash, not a clean stop: what was answered was already on disk.
    await stopWhileCentralIsDown(bridge, http, first.cs, 'SIGKILL');

    // Back with nothing but the file: CP-1 is known (no --allow), TAG-1 too (no --tags).
    const second = await startCentral(['--listen', `127.0.0.1:${port}`, '--db', db]);
    expect(second.cs.stdout()).toMatch(/^Allowed chargeBoxIds: CP-1$/m);
    expect(second.cs.stdout()).toMatch(/^Accepted tags: TAG-1$/m);
    expect(second.cs.stdout()).toMatch(
      /^Data kept in .*: 1 charge points, 1 transactions \(1 open\)$/m,
    );
    await bridge.waitFor(/^StopTransaction delivered$/m);
    await second.cs.waitFor(/^CP-1 transaction 1 stopped \(\d+ Wh\)$/m);
    expect(second.cs.stdout()).not.toMatch(/ignored/);
    expect(await bridge.stop('SIGTERM')).toBe(0);
    expect(bridge.stderr()).toBe('');
    expect(await second.cs.stop('SIGINT')).toBe(0);
  }, 90_000);

  it('a bridge without --queue waits, then says the StopTransaction was lost and exits 1', async () => {
    const { cs, url } = await startCentral([
      '--listen',
      '127.0.0.1:0',
      '--allow',
      'CP-1',
      '--tags',
      'TAG-1',
    ]);
    expect(cs.stdout()).toMatch(/^Data kept in memory only: a restart forgets/m);
    const { bridge, http } = await startBridge(url, ['--shutdown-wait', '1']);
    await stopWhileCentralIsDown(bridge, http, cs);
    // A closed terminal (SIGHUP) shuts down like Ctrl-C.
    expect(await bridge.stop('SIGHUP')).toBe(1);
    expect(bridge.stdout()).toMatch(/^Waiting up to 1 s to deliver StopTransaction 1/m);
    expect(bridge.stdout()).toMatch(/^Stopped$/m);
    expect(bridge.stderr()).toMatch(
      /^evse: StopTransaction 1 not delivered and lost \(kept in memory only: run the bridge with --queue DIR/m,
    );
  }, 60_000);

  it('a bridge with a damaged queue journal moves it aside, says what to do, and runs', async () => {
    const queue = await tempDir();
    const damaged = '{"t":"ack","seq":1}\nnot json\n';
    await writeFile(join(queue, 'queue.jsonl'), damaged);
    const bridge = startCli([
      ...emulatedBridge('ws://127.0.0.1:1/steve/websocket/CentralSystemService', 'CP-1'),
      '--queue',
      queue,
    ]);
    await bridge.waitFor(/^Queue in .* \(0 waiting\)$/m);
    const moved = (await readdir(queue)).filter((f) => f.startsWith('queue.jsonl.corrupt-'));
    expect(moved).toHaveLength(1);
    expect(await readFile(join(queue, moved[0] ?? ''), 'utf8')).toBe(damaged);
    expect(bridge.stderr()).toContain(
      `evse: ${join(queue, 'queue.jsonl')} was damaged (line 2 is not JSON); it was moved to ${join(queue, moved[0] ?? '')} and the queue starts empty.\n`,
    );
    expect(bridge.stderr()).toMatch(/"enq" lines without an "ack" line of the same "seq"/);
    expect(await bridge.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('refuses ids that are not allowed, and warns about a second connection under one id', async () => {
    const { cs, url } = await startCentral(['--listen', '127.0.0.1:0']);
    expect(cs.stdout()).toMatch(/^Allowed chargeBoxIds: none: every charge point is refused/m);
    expect(await open(`${url}/CP-1`)).toBe(404);
    await cs.waitFor(/^refused .*\/CP-1: HTTP 404/m);
    const any = await startCentral(['--listen', '127.0.0.1:0', '--allow-any']);
    const sockets = [await open(`${any.url}/DUP`), await open(`${any.url}/DUP`)];
    await any.cs.waitFor(
      /^warning: DUP connected again from 127\.0\.0\.1 while already connected \(2 sessions/m,
    );
    for (const s of sockets) if (typeof s !== 'number') s.destroy();
    // --json says the same at start, as a line for scripts.
    const json = startCli(['central', '--listen', '127.0.0.1:0', '--json']);
    const ready = (await json.waitFor(/^(\{"type":"ready".*)$/m))[1] ?? '';
    expect(JSON.parse(ready)).toMatchObject({
      allow: [],
      store: { location: 'memory', durable: false },
    });
    expect(await json.stop('SIGINT')).toBe(0);
    expect(await any.cs.stop('SIGINT')).toBe(0);
    expect(await cs.stop('SIGINT')).toBe(0);
  }, 60_000);
});

/** A WebSocket upgrade as a charge point sends it: the open socket, or the refusal's status. */
function open(wsUrl: string): Promise<Socket | number> {
  const url = new URL(wsUrl.replace(/^ws:/, 'http:'));
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol': 'ocpp1.5',
      },
    });
    req.once('upgrade', (_res, socket) => resolve(socket));
    req.once('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}
