// The central system's store (issue 17 item 6, audit 2026-12 findings 14 and 28): with a
// SQLite file a real restart of the central system object mid-session loses nothing — a
// StopTransaction sent after the restart closes the transaction opened before it — and the
// memory store forgets, as documented. Real sockets on 127.0.0.1, a real file in a temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { type CentralSystem, createCentralSystem } from '../src/central/central-system.js';
import type { CentralSystemEvent, CentralSystemOptions } from '../src/central/options.js';
import { openSqliteStore } from '../src/central/sqlite-store.js';
import { createRpcEndpoint, type RpcEndpoint } from '../src/wire/rpc.js';

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ocpp15-store-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'central.db');
}

async function start(options: CentralSystemOptions): Promise<CentralSystem> {
  const cs = await createCentralSystem(options);
  onTestFinished(() => cs.close());
  return cs;
}

/** A station on a raw RPC endpoint; resolves once the socket is open. */
async function station(cs: CentralSystem, id: string): Promise<RpcEndpoint> {
  const socket = new WebSocket(cs.urlFor(id), 'ocpp1.5');
  onTestFinished(() => socket.close());
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  return createRpcEndpoint(socket, { role: 'chargePoint' });
}

/** A timestamp `minutes` ago (stops in the future are marked failed, STEVE.md §1.8). */
const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

const boot = (cp: RpcEndpoint) =>
  cp.call('BootNotification', { chargePointVendor: 'OpenEVSE', chargePointModel: 'v8' });
const meter = (wh: number, at: string) => ({
  connectorId: 1,
  values: [
    {
      timestamp: at,
      value: [
        {
          value: String(wh),
          measurand: 'Energy.Active.Import.Register' as const,
          unit: 'Wh' as const,
        },
      ],
    },
  ],
});

describe('central system store', () => {
  it('SQLite: a restart mid-session loses nothing; the Stop after it closes the transaction', async () => {
    const db = tempDb();
    const first = await start({
      store: openSqliteStore(db),
      allow: ['CP-1'],
      tags: { TAG1: 'Accepted' },
      firstTransactionId: 40,
    });
    const { port } = first;
    expect(first.store).toMatchObject({ durable: true, location: db });
    let cp = await station(first, 'CP-1');
    await boot(cp);
    await cp.call('StatusNotification', {
      connectorId: 1,
      status: 'Occupied',
      errorCode: 'NoError',
    });
    const startedAt = ago(60);
    const start1 = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      timestamp: startedAt,
      meterStart: 1000,
    });
    expect(start1.transactionId).toBe(40);
    await cp.call('MeterValues', { ...meter(1500, ago(50)), transactionId: 40 });
    await first.close(); // the process "restarts": nothing but the file carries over

    // No --allow, no tags: the station and TAG1 are known from the file.
    const second = await start({ store: openSqliteStore(db), allow: [], port });
    expect(second.transactions()).toMatchObject([
      { transactionId: 40, state: 'active', meterStart: 1000, chargeBoxId: 'CP-1' },
    ]);
    expect(second.stations()).toMatchObject([
      {
        chargeBoxId: 'CP-1',
        sessions: 0,
        boot: { chargePointModel: 'v8' },
        connectors: { 1: { status: 'Occupied' } },
      },
    ]);
    const ignored: CentralSystemEvent[] = [];
    second.events$.subscribe((e) => {
      if (e.type === 'transactionStopIgnored') ignored.push(e);
    });
    cp = await station(second, 'cp-1'); // registered spelling, case-insensitive (STEVE.md §1.1)
    // The Start re-sent after the restart (its answer was lost) finds transaction 40 in the file.
    const resent = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      timestamp: startedAt,
      meterStart: 1000,
    });
    expect(resent.transactionId).toBe(40);
    const stop = await cp.call('StopTransaction', {
      transactionId: 40,
      idTag: 'TAG1',
      timestamp: ago(30),
      meterStop: 2500,
    });
    expect(stop.idTagInfo?.status).toBe('Accepted'); // the tag list survived too
    expect(ignored).toEqual([]);
    expect(second.transactions()[0]).toMatchObject({ state: 'stopped', energyWh: 1500 });
    expect(second.meterValues({ transactionId: 40 }).map((v) => v.value)).toEqual(['1500']);
    // Ids go on after the stored ones; the tag may start again (its transaction is closed).
    const start2 = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      timestamp: ago(20),
      meterStart: 2500,
    });
    expect(start2).toMatchObject({ transactionId: 41, idTagInfo: { status: 'Accepted' } });
    expect(second.totals()).toMatchObject({
      transactions: 2,
      activeTransactions: 1,
      energyWh: 1500,
    });
    // Unknown ids are still refused.
    await expect(station(second, 'CP-2')).rejects.toThrow('HTTP 404');
  });

  it('memory: a restart forgets the transaction, and the late Stop is ignored', async () => {
    const first = await start({ allow: ['CP-1'], tags: { TAG1: 'Accepted' } });
    expect(first.store).toMatchObject({ durable: false, location: 'memory' });
    const cp = await station(first, 'CP-1');
    await boot(cp);
    const { transactionId } = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG1',
      timestamp: ago(60),
      meterStart: 0,
    });
    const { port } = first;
    await first.close();
    const second = await start({ allow: ['CP-1'], tags: { TAG1: 'Accepted' }, port });
    const ignored: string[] = [];
    second.events$.subscribe((e) => {
      if (e.type === 'transactionStopIgnored') ignored.push(e.reason);
    });
    const again = await station(second, 'CP-1');
    await again.call('StopTransaction', {
      transactionId,
      timestamp: ago(55),
      meterStop: 10,
    });
    expect(ignored).toEqual(['unknown transaction']);
  });

  it('SQLite: keeps every meter value in the file, the newest maxMeterValues in memory', async () => {
    const db = tempDb();
    const cs = await start({ store: openSqliteStore(db, { maxMeterValues: 2 }), allow: ['CP-1'] });
    const cp = await station(cs, 'CP-1');
    for (let i = 0; i < 5; i++) await cp.call('MeterValues', meter(i, ago(10 - i)));
    expect(cs.meterValues().map((v) => v.value)).toEqual(['3', '4']);
    await cs.close();
    const reopened = await start({ store: openSqliteStore(db, { maxMeterValues: 10 }), allow: [] });
    expect(reopened.meterValues().map((v) => v.value)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('SQLite: a file in use by another central system is refused when opened', () => {
    const db = tempDb();
    const store = openSqliteStore(db);
    onTestFinished(() => store.close());
    expect(() => openSqliteStore(db)).toThrow(/database is locked/);
  });

  it('SQLite: a file that is not a database is refused when opened', () => {
    const db = tempDb();
    writeFileSync(db, 'not a database, just text that is long enough to have a header...');
    expect(() => openSqliteStore(db)).toThrow(/not a database/);
  });

  it('reports a second connection under an id that is already connected', async () => {
    const cs = await start({ allow: ['DUP'] });
    const events: CentralSystemEvent[] = [];
    cs.events$.subscribe((e) => events.push(e));
    await station(cs, 'DUP');
    expect(events.filter((e) => e.type === 'duplicateConnection')).toEqual([]);
    await station(cs, 'DUP');
    expect(events.filter((e) => e.type === 'duplicateConnection')).toMatchObject([
      { chargeBoxId: 'DUP', sessions: 2, remoteAddress: '127.0.0.1' },
    ]);
  });
});
