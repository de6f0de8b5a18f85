// `--log-format json` (issue 14 item 5): a real `evse bridge` session against a real
// `evse central`, both child processes on 127.0.0.1; every line the bridge prints on stdout
// is one JSON record {time, level, event, ...} and the secret it was given is in none.
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';
import { createJsonLog } from '../src/io/log.js';

afterEach(() => killAll());

interface LogRecord {
  time: string;
  level: string;
  event: string;
  [field: string]: unknown;
}

const records = (stdout: string): LogRecord[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogRecord);

describe('evse bridge --log-format json', () => {
  it('prints one JSON record per event, BootNotification to StartTransaction, no secret', async () => {
    const central = startCli([
      'central',
      '--listen',
      '127.0.0.1:0',
      '--allow',
      'CP-J',
      '--tags',
      'TAG-J',
    ]);
    const url = (await central.waitFor(/^OCPP endpoint (ws:\S+)$/m))[1] ?? '';
    const token = 'secret-token-0123456789';
    // The endpoint, the id and the token come from the environment (as in a systemd unit).
    const bridge = startCli(
      ['bridge', '--port', 'emulator', '--id-tag', 'TAG-J', '--http', '127.0.0.1:0'],
      { EVSE_OCPP: url, EVSE_ID: 'CP-J', EVSE_TOKEN: token, EVSE_LOG_FORMAT: 'json' },
    );
    const http = JSON.parse(
      (await bridge.waitFor(/^(\{[^\n]*"event":"http"[^\n]*\})$/m, 60_000))[1] ?? '',
    ) as { url: string };
    await bridge.waitFor(/"event":"booted"/, 60_000);
    const plugIn = await fetch(`${http.url}/api/ev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'connect' }),
    });
    expect(plugIn.status).toBe(200);
    await bridge.waitFor(/"event":"transactionId"/, 60_000);
    expect(await bridge.stop('SIGINT')).toBe(0);

    const log = records(bridge.stdout());
    for (const r of log) {
      expect(Number.isNaN(Date.parse(r.time)), JSON.stringify(r)).toBe(false);
      expect(['info', 'warn', 'error']).toContain(r.level);
      expect(typeof r.event).toBe('string');
    }
    const events = log.map((r) => r.event);
    expect(log.find((r) => r.event === 'booted')).toMatchObject({ status: 'Accepted' });
    expect(events).toContain('transactionStarted');
    expect(log.find((r) => r.event === 'transactionId')).toMatchObject({ transactionId: 1 });
    expect(events.indexOf('booted')).toBeLessThan(events.indexOf('transactionId'));
    expect(bridge.stdout()).not.toContain(token);
    expect(bridge.stderr()).not.toContain(token);
    await central.stop('SIGINT');
  }, 120_000);
});

describe('createJsonLog', () => {
  it('wraps values, text lines and status changes as records with a level', () => {
    let text = '';
    const log = createJsonLog(
      { write: (s: string) => (text += s) },
      () => new Date('2026-12-07T06:00:00Z'),
    );
    log.json({ type: 'error', message: 'refused', time: 'theirs' });
    log.json({ state: 'charging' });
    log.line('Shutting down');
    log.status('OCPP open', 'a');
    log.status('OCPP open, 1.2 A', 'a'); // same key: no record
    log.json({ type: 'dropped', action: 'MeterValues' });
    expect(records(text)).toEqual([
      {
        time: '2026-12-07T06:00:00.000Z',
        level: 'error',
        event: 'error',
        message: 'refused',
        time_: 'theirs',
      },
      { time: '2026-12-07T06:00:00.000Z', level: 'info', event: 'snapshot', state: 'charging' },
      {
        time: '2026-12-07T06:00:00.000Z',
        level: 'info',
        event: 'message',
        message: 'Shutting down',
      },
      { time: '2026-12-07T06:00:00.000Z', level: 'info', event: 'status', message: 'OCPP open' },
      { time: '2026-12-07T06:00:00.000Z', level: 'warn', event: 'dropped', action: 'MeterValues' },
    ]);
  });
});
