/**
 * The central system's own entry point (`@evse/ocpp15/central`) and its JSON-lines log,
 * written from the event stream: a refused handshake and a session are logged as the events
 * they are, one line each, whoever else listens.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as central from '@evse/ocpp15/central';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import * as root from '../src/index.js';
import { rawStation, startCs } from './support/cs-helpers.js';

describe('@evse/ocpp15/central', () => {
  it('exports the central system and its stores, the same functions as the root, and no SteVe helpers', () => {
    expect(Object.keys(central).sort()).toEqual([
      'CENTRAL_OCPP15', // the built-in version plugin, for @evse/ocpp16/central
      'createCentralSystem',
      'createMemoryStore',
      'openSqliteStore',
    ]);
    expect(central.createCentralSystem).toBe(root.createCentralSystem);
    expect(central.createMemoryStore).toBe(root.createMemoryStore);
    expect(root.steveCallError).toBeTypeOf('function'); // still on the root, for compatibility
  });
});

describe('the JSON-lines log, fed by the event stream', () => {
  it('logs a refused handshake, a session and its frames once each, with a subscriber or without', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evse-cs-log-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const logFile = join(dir, 'cs.jsonl');
    const cs = await startCs({ logFile, allow: ['CP-1'] });
    const seen: string[] = [];
    const sub = cs.cs.events$.subscribe((e) => seen.push(e.type));
    onTestFinished(() => sub.unsubscribe());
    const refused = new WebSocket(cs.cs.urlFor('NOBODY'), 'ocpp1.5');
    await new Promise((resolve) => refused.once('close', resolve).once('error', () => {}));
    const st = await rawStation(cs.cs, 'CP-1');
    await st.call('Heartbeat', {});
    await cs.cs.close();
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['type'])).toEqual([
      'handshakeRejected',
      'sessionOpened',
      'frame',
      'frame',
      'sessionClosed',
    ]);
    expect(lines[0]).toMatchObject({ status: 404, url: expect.stringMatching(/\/NOBODY$/) });
    expect(lines[1]).toMatchObject({ chargeBoxId: 'CP-1', sessionId: 1, protocol: 'ocpp1.5' });
    expect(lines[4]).toMatchObject({ chargeBoxId: 'CP-1', sessionId: 1, code: 1001 });
    expect(seen).toContain('handshakeRejected');
    expect(seen.filter((t) => t === 'frame')).toHaveLength(2);
  });
});
