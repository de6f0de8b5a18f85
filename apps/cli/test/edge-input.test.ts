/**
 * Values from the command line are checked at start and every bad one is a usage error
 * (exit 2) naming its option (AUDIT-2026-12.md findings 11, 13, 19, 26); control characters
 * never reach the terminal raw. In-process `run()`, plus real servers on 127.0.0.1.
 */
import { hasControl } from '@evse/core';
import { createEmulator, serveControlApi, serveTcp } from '@evse/transport-emulator';
import { describe, expect, it, onTestFinished } from 'vitest';
import { run } from '../src/index.js';
import { memoryIo } from './support/memory-io.js';

const WS = 'ws://127.0.0.1:9/steve/websocket/CentralSystemService';
const LONG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('bad values are usage errors naming the option', () => {
  it.each([
    [['central', '--tags', `OK,${LONG}`], '--tags', /must be 1 to 20 characters \(got 26\)/],
    [['central', '--tags', 'A\u001b[31m'], '--tags', /control characters/],
    [['central', '--allow', 'CP-1,a/b'], '--allow', /none of|must not contain any of/],
    [['bridge', '--port', 'emulator', '--ocpp', WS, '--id', ''], '--id', /1 to 255/],
    [['bridge', '--port', 'emulator', '--ocpp', WS, '--id', ' CP'], '--id', /whitespace/],
    [
      ['bridge', '--port', 'emulator', '--ocpp', WS, '--id', 'CP', '--id-tag', LONG],
      '--id-tag',
      /got 26/,
    ],
    [
      ['bridge', '--port', 'emulator', '--ocpp', WS, '--id', 'CP', '--id-tag', ''],
      '--id-tag',
      /got 0/,
    ],
    [['demo', '--id-tag', ''], '--id-tag', /got 0/],
    [['demo', '--id-tag', LONG], '--id-tag', /got 26/],
    [['demo', '--id', 'x=y'], '--id', /must not contain any of/],
    [
      ['fleet', '--count', '1', '--ocpp', WS, '--id-prefix', 'a/b'],
      '--id-prefix',
      /must not contain/,
    ],
    [['emulate', '--token', 'short'], '--token', /8 to 256/],
    [['emulate', '--max-clients', '0'], '--max-clients', /whole number/],
    [
      ['bridge', '--port', 'emulator', '--ocpp', WS, '--id', 'CP', '--token', 'a;b=c d e'],
      '--token',
      /8 to 256/,
    ],
  ])('%j → exit 2 naming %s', async (argv, option, why) => {
    const io = memoryIo();
    expect(await run(argv, io)).toBe(2);
    expect(io.err()).toContain(`option '${option} `);
    expect(io.err()).toMatch(why);
    expect(hasControl(io.err().replaceAll('\n', ''))).toBe(false);
  });

  it.each([
    [['ev', 'authorize', 'X'.repeat(21)], /the card TAG must be 1 to 20 characters \(got 21\)/],
    [['ev', 'authorize', 'A\nB FAKE LINE'], /the card TAG must not contain control characters/],
  ])('%j → exit 2 before any request', async (argv, why) => {
    const io = memoryIo();
    expect(await run([...argv, '--http', 'http://127.0.0.1:9'], io)).toBe(2);
    expect(io.err()).toMatch(why);
    expect(io.err().split('\n')[0]).not.toContain('\n');
  });
});

describe('evse ev against guarded and wrong servers', () => {
  it('--token (or $EVSE_TOKEN) reaches a server that requires one; without it, 401', async () => {
    const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
    onTestFinished(() => emulator.close());
    const api = await serveControlApi(emulator.control, { token: 'ev-test-token' });
    onTestFinished(() => api.close());
    const refused = memoryIo();
    expect(await run(['ev', 'connect', '--http', api.url], refused)).toBe(1);
    expect(refused.err()).toMatch(/HTTP 401 TOKEN_REQUIRED/);
    expect(emulator.control.status().evConnected).toBe(false);
    const withOption = memoryIo();
    expect(
      await run(['ev', 'connect', '--http', api.url, '--token', 'ev-test-token'], withOption),
    ).toBe(0);
    expect(emulator.control.status().evConnected).toBe(true);
    const withEnv = memoryIo({ env: { EVSE_TOKEN: 'ev-test-token' } });
    expect(await run(['ev', 'disconnect', '--http', api.url], withEnv)).toBe(0);
    expect(emulator.control.status().evConnected).toBe(false);
  });

  it('--http at the raw RAPI port fails at once, saying it is a RAPI port', async () => {
    const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
    onTestFinished(() => emulator.close());
    const tcp = await serveTcp(emulator.device, { port: 0 });
    onTestFinished(() => tcp.close());
    const io = memoryIo();
    const started = Date.now();
    expect(await run(['ev', 'connect', '--http', `http://127.0.0.1:${tcp.address.port}`], io)).toBe(
      1,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(io.err()).toMatch(
      /HTTP 400 This is a raw RAPI \(OpenEVSE serial\) port, not an HTTP server/,
    );
    expect(emulator.control.status().evConnected).toBe(false);
  });

  it('rapi at an HTTP port says it may not be a RAPI port', async () => {
    const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
    onTestFinished(() => emulator.close());
    const api = await serveControlApi(emulator.control);
    onTestFinished(() => api.close());
    const io = memoryIo();
    expect(await run(['rapi', `tcp://${new URL(api.url).host}`, 'GV'], io)).toBe(1);
    expect(io.err()).toMatch(/closed the connection without a RAPI reply: is it a RAPI port\?/);
  });
});
