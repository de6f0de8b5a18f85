import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { centralSystemTests, rawStation, type TestCs } from './support/cs-helpers.js';

const { startCs } = centralSystemTests();
let current: TestCs | undefined;

const NOW = new Date('2026-06-01T12:00:00.000Z');
const TS = '2026-06-01T11:59:00.000Z';
const BOOT = { chargePointVendor: 'OpenEVSE', chargePointModel: 'v8', firmwareVersion: '8.2.3' };
const start = (idTag: string, meterStart = 1000, connectorId = 1) => ({
  connectorId,
  idTag,
  timestamp: TS,
  meterStart,
});
/** The payload of an answer frame, typed loosely for assertions. */
type Conf = { transactionId: number; idTagInfo: { status: string } } & Record<string, unknown>;
const payloadOf = (frame: unknown[]) => frame[2] as Conf;

describe('BootNotification and Heartbeat (STEVE.md §1.3)', () => {
  it('Accepted with heartbeatInterval 14400 by default and currentTime with millis', async () => {
    current = await startCs({ now: () => NOW });
    const st = await rawStation(current.cs, 'CP-1');
    expect(payloadOf(await st.call('BootNotification', BOOT))).toEqual({
      status: 'Accepted',
      currentTime: '2026-06-01T12:00:00.000Z',
      heartbeatInterval: 14400,
    });
    expect(current.cs.stations()[0]?.boot).toEqual(BOOT);
    expect(current.events.filter((e) => e.type === 'frame').length).toBe(2);
  });

  it('writes dates in the configured offset, like a JVM outside UTC', async () => {
    current = await startCs({ now: () => NOW, utcOffsetMinutes: 120 });
    const st = await rawStation(current.cs, 'CP-1');
    expect(payloadOf(await st.call('Heartbeat', {}))).toEqual({
      currentTime: '2026-06-01T14:00:00.000+02:00',
    });
    expect(current.cs.stations()[0]?.lastHeartbeat).toEqual(NOW);
  });

  it('configurable interval; Pending is sent as Rejected for 1.5, per station', async () => {
    current = await startCs({
      heartbeatIntervalSec: 60,
      registrationStatus: { 'CP-P': 'Pending', 'CP-R': 'Rejected' },
    });
    const p = await rawStation(current.cs, 'CP-P');
    const r = await rawStation(current.cs, 'CP-R');
    const a = await rawStation(current.cs, 'CP-A');
    expect(payloadOf(await p.call('BootNotification', BOOT))).toMatchObject({
      status: 'Rejected',
      heartbeatInterval: 60,
    });
    expect(payloadOf(await r.call('BootNotification', BOOT))).toMatchObject({
      status: 'Rejected',
      heartbeatInterval: 60,
    });
    expect(payloadOf(await a.call('BootNotification', BOOT))).toMatchObject({ status: 'Accepted' });
  });

  it('does not gate other messages on a prior boot', async () => {
    current = await startCs({ tags: { T1: 'Accepted' } });
    const st = await rawStation(current.cs, 'CP-1');
    expect((await st.call('StartTransaction', start('T1')))[0]).toBe(3);
  });
});

describe('idTagInfo rules (STEVE.md §1.8)', () => {
  const tags = {
    OK: 'Accepted',
    CHILD: { parentIdTag: 'PARENT' },
    BLOCKED: 'Blocked',
    OLD: { expiryDate: '2026-01-01T00:00:00Z' },
    EXP: 'Expired',
    INV: 'Invalid',
    FUTURE: { expiryDate: '2027-01-01T00:00:00.000Z' },
    TWO: { maxActiveTransactions: 2 },
  } as const;

  it.each([
    ['OK', { status: 'Accepted', expiryDate: '2026-06-01T13:00:00.000Z' }],
    [
      'CHILD',
      { status: 'Accepted', expiryDate: '2026-06-01T13:00:00.000Z', parentIdTag: 'PARENT' },
    ],
    ['UNKNOWN', { status: 'Invalid' }],
    ['INV', { status: 'Invalid' }],
    ['BLOCKED', { status: 'Blocked' }],
    ['OLD', { status: 'Expired' }],
    ['EXP', { status: 'Expired' }],
    ['FUTURE', { status: 'Accepted', expiryDate: '2027-01-01T00:00:00.000Z' }],
  ])('Authorize %s → %j', async (idTag, idTagInfo) => {
    current = await startCs({ tags, now: () => NOW });
    const st = await rawStation(current.cs, 'CP-1');
    expect(payloadOf(await st.call('Authorize', { idTag }))).toEqual({ idTagInfo });
  });

  it('expiryHours 0 sends no expiryDate', async () => {
    current = await startCs({ tags, now: () => NOW, expiryHours: 0 });
    const st = await rawStation(current.cs, 'CP-1');
    expect(payloadOf(await st.call('Authorize', { idTag: 'OK' }))).toEqual({
      idTagInfo: { status: 'Accepted' },
    });
  });

  it('ConcurrentTx only on StartTransaction once the tag has its max of open transactions', async () => {
    current = await startCs({ tags, now: () => NOW });
    const st = await rawStation(current.cs, 'CP-1');
    let meter = 1000; // a new transaction each time, not a re-send (see below)
    const statuses = async (idTag: string) =>
      (
        payloadOf(await st.call('StartTransaction', start(idTag, meter++))).idTagInfo as {
          status: string;
        }
      ).status;
    expect([await statuses('OK'), await statuses('OK')]).toEqual(['Accepted', 'ConcurrentTx']);
    expect(payloadOf(await st.call('Authorize', { idTag: 'OK' }))).toMatchObject({
      idTagInfo: { status: 'Accepted' },
    });
    expect([await statuses('TWO'), await statuses('TWO'), await statuses('TWO')]).toEqual([
      'Accepted',
      'Accepted',
      'ConcurrentTx',
    ]);
  });
});

describe('transactions (STEVE.md §1.8)', () => {
  it('every new StartTransaction gets a fresh id — also for Invalid tags and other stations', async () => {
    current = await startCs({
      tags: { OK: { maxActiveTransactions: 100 } },
      firstTransactionId: 100,
    });
    const a = await rawStation(current.cs, 'CP-1');
    const b = await rawStation(current.cs, 'CP-2');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (const st of [a, b]) {
        const conf = payloadOf(
          await st.call('StartTransaction', start(i % 2 ? 'OK' : 'NOBODY', 1000 + i)),
        );
        ids.push(conf.transactionId);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBe(100);
    expect(current.cs.transactions().filter((t) => t.startStatus === 'Invalid')).toHaveLength(6);
  });

  it('a re-sent StartTransaction (answer lost) gets the transaction it opened, as SteVe does', async () => {
    current = await startCs({ tags: { OK: { maxActiveTransactions: 100 } } });
    const a = await rawStation(current.cs, 'CP-1');
    const b = await rawStation(current.cs, 'CP-2');
    const first = payloadOf(await a.call('StartTransaction', start('OK', 1000)));
    const again = payloadOf(await a.call('StartTransaction', start('OK', 1000)));
    // The same instant written with an offset is the same start.
    const offset = TS.replace(/\.\d+Z$|Z$/, '+00:00');
    const sameInstant = payloadOf(
      await a.call('StartTransaction', { ...start('OK', 1000), timestamp: offset }),
    );
    expect([again.transactionId, sameInstant.transactionId]).toEqual([
      first.transactionId,
      first.transactionId,
    ]);
    expect(again.idTagInfo.status).toBe('Accepted');
    // Another meterStart, connector, tag or station is another transaction.
    const others = [
      await a.call('StartTransaction', start('OK', 1001)),
      await a.call('StartTransaction', start('OK', 1000, 2)),
      await a.call('StartTransaction', start('NOBODY', 1000)),
      await b.call('StartTransaction', start('OK', 1000)),
    ].map((f) => payloadOf(f).transactionId);
    expect(new Set([first.transactionId, ...others]).size).toBe(5);
    expect(current.cs.transactions()).toHaveLength(5);
  });

  it('stops record meterStop, energy, transactionData and answer idTagInfo only with an idTag', async () => {
    current = await startCs({ tags: { OK: 'Accepted' }, now: () => NOW });
    const st = await rawStation(current.cs, 'CP-1');
    const { transactionId } = payloadOf(await st.call('StartTransaction', start('OK', 1000)));
    const sample = {
      timestamp: TS,
      value: [{ value: '5', unit: 'Amp', measurand: 'Current.Import' }],
    };
    expect(
      payloadOf(
        await st.call('StopTransaction', {
          transactionId,
          timestamp: TS,
          meterStop: 3500,
          idTag: 'OK',
          transactionData: [{ values: [sample] }],
        }),
      ),
    ).toEqual({
      idTagInfo: { status: 'Accepted', expiryDate: '2026-06-01T13:00:00.000Z' },
    });
    const { transactionId: t2 } = payloadOf(await st.call('StartTransaction', start('OK', 3500)));
    expect(
      payloadOf(
        await st.call('StopTransaction', { transactionId: t2, timestamp: TS, meterStop: 4000 }),
      ),
    ).toEqual({});
    expect(
      current.cs
        .transactions()
        .map((t) => [t.transactionId, t.state, t.meterStart, t.meterStop, t.energyWh]),
    ).toEqual([
      [transactionId, 'stopped', 1000, 3500, 2500],
      [t2, 'stopped', 3500, 4000, 500],
    ]);
    expect(current.cs.totals()).toEqual({
      transactions: 2,
      activeTransactions: 0,
      stoppedTransactions: 2,
      failedTransactions: 0,
      energyWh: 3000,
    });
    expect(current.cs.meterValues({ transactionId })).toEqual([
      {
        chargeBoxId: 'CP-1',
        connectorId: 1,
        transactionId,
        timestamp: TS,
        value: '5',
        unit: 'A',
        measurand: 'Current.Import',
        source: 'StopTransaction',
      },
    ]);
    expect(
      current.events
        .filter((e) => e.type === 'transactionStarted' || e.type === 'transactionStopped')
        .map((e) => e.type),
    ).toEqual([
      'transactionStarted',
      'transactionStopped',
      'transactionStarted',
      'transactionStopped',
    ]);
  });

  it('bad stops are answered normally but ignored or marked failed', async () => {
    current = await startCs({
      tags: { OK: { maxActiveTransactions: 9 } },
      now: () => NOW,
    });
    const st = await rawStation(current.cs, 'CP-1');
    expect(
      payloadOf(
        await st.call('StopTransaction', { transactionId: 999, timestamp: TS, meterStop: 1 }),
      ),
    ).toEqual({});
    const { transactionId } = payloadOf(await st.call('StartTransaction', start('OK', 1000)));
    expect(
      (await st.call('StopTransaction', { transactionId, timestamp: TS, meterStop: 10 }))[0],
    ).toBe(3);
    expect(
      (await st.call('StopTransaction', { transactionId, timestamp: TS, meterStop: 2000 }))[0],
    ).toBe(3);
    expect(current.cs.transactions()[0]).toMatchObject({
      state: 'failed',
      energyWh: null,
      problems: ['meterStop < meterStart'],
    });
    expect(
      current.events
        .filter((e) => e.type === 'transactionStopIgnored')
        .map((e) => 'reason' in e && e.reason),
    ).toEqual(['unknown transaction', 'already stopped']);
    // another station cannot stop CP-1's transaction
    const other = await rawStation(current.cs, 'CP-2');
    const { transactionId: t2 } = payloadOf(await st.call('StartTransaction', start('OK', 0)));
    expect(
      payloadOf(
        await other.call('StopTransaction', { transactionId: t2, timestamp: TS, meterStop: 5 }),
      ),
    ).toEqual({});
    expect(current.cs.transactions().find((t) => t.transactionId === t2)?.state).toBe('active');
    expect(current.events.filter((e) => e.type === 'transactionStopIgnored').at(-1)).toMatchObject({
      chargeBoxId: 'CP-2',
      reason: 'transaction of another station',
    });
    expect(current.cs.totals('CP-1')).toMatchObject({
      transactions: 2,
      activeTransactions: 1,
      failedTransactions: 1,
      energyWh: 0,
    });
  });

  it('MeterValues: stored for active transactions and without one, dropped for unknown/stopped ones', async () => {
    current = await startCs({ tags: { OK: 'Accepted' } });
    const st = await rawStation(current.cs, 'CP-1');
    const { transactionId } = payloadOf(await st.call('StartTransaction', start('OK')));
    const values = [
      {
        timestamp: TS,
        value: [
          { value: '1200', unit: 'Wh', measurand: 'Energy.Active.Import.Register' },
          { value: '230', unit: 'Volt' },
        ],
      },
    ];
    for (const txId of [transactionId, 0, -1, 4242])
      expect(await st.call('MeterValues', { connectorId: 1, transactionId: txId, values })).toEqual(
        [3, expect.any(String), {}],
      );
    expect(await st.call('MeterValues', { connectorId: 1, values: [] })).toEqual([
      3,
      expect.any(String),
      {},
    ]);
    const stored = current.cs.meterValues();
    expect(stored.map((m) => [m.transactionId, m.value, m.unit])).toEqual([
      [transactionId, '1200', 'Wh'],
      [transactionId, '230', 'V'],
      [null, '1200', 'Wh'],
      [null, '230', 'V'],
      [null, '1200', 'Wh'],
      [null, '230', 'V'],
    ]);
  });
});

describe('meter value retention', () => {
  it('keeps the newest maxMeterValues sampled values for meterValues(); totals are unaffected', async () => {
    current = await startCs({ now: () => NOW, maxMeterValues: 10 });
    const st = await rawStation(current.cs, 'CP-1');
    for (let i = 1; i <= 40; i++) {
      const values = [{ timestamp: TS, value: [{ value: String(i), unit: 'Wh' }] }];
      expect(await st.call('MeterValues', { connectorId: 1, values })).toEqual([
        3,
        expect.any(String),
        {},
      ]);
      // Never more than the limit, at every point, and always the newest ones.
      const kept = current.cs.meterValues().map((m) => Number(m.value));
      expect(kept).toEqual(
        Array.from({ length: Math.min(i, 10) }, (_, k) => i - kept.length + 1 + k),
      );
    }
    expect(current.cs.meterValues().map((m) => m.value)).toEqual([
      '31',
      '32',
      '33',
      '34',
      '35',
      '36',
      '37',
      '38',
      '39',
      '40',
    ]);
  });

  it('refuses a negative or fractional limit with a clear error', async () => {
    await expect(startCs({ maxMeterValues: -1 })).rejects.toThrow(/maxMeterValues/);
    await expect(startCs({ maxMeterValues: 1.5 })).rejects.toThrow(/maxMeterValues/);
  });
});

describe('other CP→CS messages (STEVE.md §1.8)', () => {
  it('StatusNotification is stored per connector (server time when none), DataTransfer is Rejected', async () => {
    current = await startCs({ now: () => NOW });
    const st = await rawStation(current.cs, 'CP-1');
    await st.call('StatusNotification', {
      connectorId: 1,
      status: 'Occupied',
      errorCode: 'NoError',
    });
    await st.call('StatusNotification', {
      connectorId: 0,
      status: 'Faulted',
      errorCode: 'Mode3Error',
      info: 'pilot',
      timestamp: TS,
    });
    await st.call('StatusNotification', {
      connectorId: -1,
      status: 'Available',
      errorCode: 'NoError',
    });
    expect(current.cs.stations()[0]?.connectors).toEqual({
      1: { status: 'Occupied', errorCode: 'NoError', timestamp: '2026-06-01T12:00:00.000Z' },
      0: { status: 'Faulted', errorCode: 'Mode3Error', info: 'pilot', timestamp: TS },
    });
    expect(payloadOf(await st.call('DataTransfer', { vendorId: 'OpenEVSE', data: 'x' }))).toEqual({
      status: 'Rejected',
    });
    expect(payloadOf(await st.call('FirmwareStatusNotification', { status: 'Installed' }))).toEqual(
      {},
    );
    expect(
      payloadOf(await st.call('DiagnosticsStatusNotification', { status: 'Uploaded' })),
    ).toEqual({});
    expect(current.cs.stations()[0]).toMatchObject({
      firmwareStatus: 'Installed',
      diagnosticsStatus: 'Uploaded',
    });
  });

  it('HTML-escapes strings it reads and writes (switchable)', async () => {
    current = await startCs({ tags: { 'A&B': { parentIdTag: 'P<1>' } } });
    const st = await rawStation(current.cs, 'CP-1');
    // the stored tag is escaped, so "A&B" is not found: SteVe's quirk
    expect(payloadOf(await st.call('Authorize', { idTag: 'A&B' }))).toEqual({
      idTagInfo: { status: 'Invalid' },
    });
    await st.call('BootNotification', { chargePointVendor: 'Ben & Jerry', chargePointModel: 'm' });
    expect(current.cs.stations()[0]?.boot?.chargePointVendor).toBe('Ben &amp; Jerry');
  });

  it('without escaping, tags with special characters work and strings are kept', async () => {
    current = await startCs({
      htmlEscape: false,
      tags: { 'A&B': { parentIdTag: 'P<1>' } },
      expiryHours: 0,
    });
    const st = await rawStation(current.cs, 'CP-1');
    expect(payloadOf(await st.call('Authorize', { idTag: 'A&B' }))).toEqual({
      idTagInfo: { status: 'Accepted', parentIdTag: 'P<1>' },
    });
  });
});

describe('JSON-lines log', () => {
  it('appends every frame and session event to logFile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evse-cs-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const logFile = join(dir, 'cs.jsonl');
    for (let run = 0; run < 2; run++) {
      const cs = await startCs({ logFile });
      const st = await rawStation(cs.cs, 'CP-1');
      await st.call('Heartbeat', {});
      await cs.cs.close();
    }
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; direction?: string });
    expect(lines.map((l) => `${l.type}:${l.direction ?? ''}`)).toEqual([
      'sessionOpened:',
      'frame:rx',
      'frame:tx',
      'sessionClosed:',
      'sessionOpened:',
      'frame:rx',
      'frame:tx',
      'sessionClosed:',
    ]);
    expect(lines[1]).toMatchObject({
      chargeBoxId: 'CP-1',
      sessionId: 1,
      text: expect.stringMatching(/^\[2,".+","Heartbeat",\{\}\]$/),
    });
  });
});
