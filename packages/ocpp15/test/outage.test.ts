import { describe, expect, it } from 'vitest';
import { startChargePoint } from './support/charge-point-rig.js';
import { delay, nextEvent, until } from './support/helpers.js';

const TX_ACTIONS = new Set(['StartTransaction', 'MeterValues', 'StopTransaction']);

describe('central system outage', () => {
  it('keeps charging, queues, then delivers Start/MeterValues/Stop in order, once each', async () => {
    const { steve, fake, cp, frames } = await startChargePoint(
      { ids: ['CP1'], tags: { TAG1: 'Accepted' } },
      {
        config: { MeterValueSampleInterval: '1' },
        reconnect: { minDelayMs: 50, maxDelayMs: 200 },
      },
    );
    await steve.waitFor('StatusNotification');

    fake.plugIn();
    fake.requestCharge();
    await cp.authorize('TAG1'); // online: Authorize.req, answer cached
    await steve.waitFor('StartTransaction');
    await steve.waitFor('MeterValues');

    // Outage: the central system goes away mid-transaction.
    await steve.stop();
    await nextEvent(cp, 'disconnected');
    const queuedAt = cp.transactions.queued();
    await delay(3000);
    expect(fake.status().state).toBe('charging'); // charging continues
    expect(cp.transactions.queued()).toBeGreaterThanOrEqual(queuedAt + 2);
    fake.unplug();
    await nextEvent(cp, 'transactionStopped');

    // A second transaction starts while still offline (TAG1 from the authorization cache).
    fake.plugIn();
    fake.requestCharge();
    expect((await cp.authorize('TAG1')).status).toBe('Accepted');
    await nextEvent(cp, 'transactionStarted');
    await delay(1600);
    fake.unplug();
    await nextEvent(cp, 'transactionStopped');
    const backlog = cp.transactions.queued();
    expect(backlog).toBeGreaterThanOrEqual(6);
    const before = steve.received.filter((r) => TX_ACTIONS.has(r.action)).length;

    // The central system is back.
    await steve.start();
    await until(() => cp.transactions.queued() === 0, 10_000, 'queue drained');
    await delay(200);
    const tx = steve.received.filter((r) => TX_ACTIONS.has(r.action));
    const replay = tx.slice(before);
    expect(replay).toHaveLength(backlog); // once each
    const ids = new Set(replay.map((r) => r.id));
    expect(ids.size).toBe(replay.length);
    // Order: the rest of transaction 100, then the offline one, which gets its id (101) from
    // the delayed StartTransaction.conf before its MeterValues and Stop are sent.
    const shape = replay.map((r) => `${r.action}:${r.payload['transactionId'] ?? '-'}`);
    const firstStop = shape.indexOf('StopTransaction:100');
    expect(shape.slice(0, firstStop).every((s) => s === 'MeterValues:100')).toBe(true);
    expect(shape[firstStop + 1]).toBe('StartTransaction:-');
    expect(shape.slice(firstStop + 2, -1).every((s) => s === 'MeterValues:101')).toBe(true);
    expect(shape.at(-1)).toBe('StopTransaction:101');
    // Meter values are in time order and never repeated.
    const stamps = replay
      .filter((r) => r.action === 'MeterValues')
      .map((r) => (r.payload['values'] as { timestamp: string }[])[0]?.timestamp ?? '');
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
    expect(steve.invalid).toEqual([]);
    expect(frames.errors).toEqual([]);
  });

  it('retries a transaction message the CS answers with CALLERROR, then drops it after the attempts', async () => {
    const { steve, fake, cp } = await startChargePoint(
      {
        ids: ['CP1'],
        tags: { TAG1: 'Accepted' },
        callErrorFor: ['StartTransaction'],
      },
      {
        freeVendTag: 'FREE',
        transactionMessageAttempts: 2,
        config: { MeterValueSampleInterval: '0' },
      },
    );
    await steve.waitFor('StatusNotification');
    fake.plugIn();
    await cp.authorize('FREE');
    const dropped = await nextEvent(cp, 'dropped', () => true, 8000);
    expect(dropped.action).toBe('StartTransaction');
    expect(steve.actions('StartTransaction')).toHaveLength(2);
    const ids = steve.actions('StartTransaction').map((r) => r.id);
    expect(ids[0]).not.toBe(ids[1]); // a fresh message id for every attempt (STEVE.md §5.1)
  });
});

describe('transaction messages: timeouts and deauthorization', () => {
  it('retries a StartTransaction that got no answer with a fresh id, and keeps the order', async () => {
    const { steve, fake, cp, frames } = await startChargePoint(
      { ids: ['CP1'], tags: { TAG1: 'Accepted' } },
      {
        callTimeoutMs: 300,
        config: { MeterValueSampleInterval: '1' },
      },
    );
    await steve.waitFor('StatusNotification');
    steve.swallowNext('StartTransaction');
    fake.plugIn();
    fake.requestCharge();
    await cp.authorize('TAG1');
    const first = await steve.waitFor('StartTransaction');
    const second = await steve.waitFor('StartTransaction');
    expect(second.id).not.toBe(first.id);
    expect(second.payload).toEqual(first.payload); // the same journaled message
    const mv = await steve.waitFor('MeterValues');
    // SteVe numbers every StartTransaction it answers; the lost first one got none.
    expect(mv.payload['transactionId']).toBe(100);
    expect(steve.received.indexOf(mv)).toBeGreaterThan(steve.received.indexOf(second));
    expect(frames.errors).toEqual([]);
  });

  it('ends the transaction when StartTransaction.conf does not accept the tag', async () => {
    // FREE is accepted locally (free vend) but unknown to the central system → Invalid.
    const { steve, fake, cp } = await startChargePoint(
      { ids: ['CP1'], tags: {} },
      {
        freeVendTag: 'FREE',
        config: { MeterValueSampleInterval: '0' },
      },
    );
    await steve.waitFor('StatusNotification');
    fake.plugIn();
    fake.requestCharge();
    const stopped = nextEvent(cp, 'transactionStopped');
    await cp.authorize('FREE');
    expect((await stopped).reason).toBe('DeAuthorized');
    const stop = await steve.waitFor('StopTransaction');
    expect(stop.payload['transactionId']).toBe(100);
    expect(fake.status()).toMatchObject({ state: 'sleeping', evConnected: true }); // no more current
    expect(steve.actions('Authorize')).toHaveLength(0);
  });
});
