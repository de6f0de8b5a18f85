import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStateStore, createTxQueue, openJournal, StoreError } from '../src/index.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ocpp15-queue-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tx = (txRef: string) => ({
  txRef,
  connectorId: 1,
  idTag: 'TAG1',
  meterStart: 100,
  startedAt: '2026-01-01T00:00:00.000Z',
});

describe('journal', () => {
  it('replays appended records and drops a torn last line (crash mid-write)', () => {
    const file = join(dir, 'j.jsonl');
    const j = openJournal(file);
    j.append([{ a: 1 }, { a: 2 }]);
    j.close();
    appendFileSync(file, '{"a":3'); // the write a SIGKILL cut short
    const j2 = openJournal(file);
    expect(j2.records).toEqual([{ a: 1 }, { a: 2 }]);
    j2.append([{ a: 4 }]); // starts on a clean line: the torn tail was truncated
    j2.close();
    expect(openJournal(file).records).toEqual([{ a: 1 }, { a: 2 }, { a: 4 }]);
  });

  it('refuses a journal damaged in the middle and leaves it untouched', () => {
    const file = join(dir, 'j.jsonl');
    writeFileSync(file, '{"a":1}\nnot json\n{"a":2}\n');
    expect(() => openJournal(file)).toThrow(StoreError);
    try {
      openJournal(file);
    } catch (e) {
      expect((e as StoreError).code).toBe('CORRUPT');
      expect((e as StoreError).message).toContain('line 2');
    }
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\nnot json\n{"a":2}\n');
  });
});

describe('transaction queue', () => {
  it('delivers in order and resolves the transaction id of an offline-started transaction', () => {
    const q = createTxQueue();
    q.begin(tx('r1'), { connectorId: 1, idTag: 'TAG1', meterStart: 100, timestamp: 't' });
    q.meter('r1', { connectorId: 1, values: [] }, 150);
    q.end('r1', { meterStop: 200, timestamp: 't' });
    expect(q.pending).toBe(3);
    const start = q.head();
    expect(start?.action).toBe('StartTransaction');
    if (!start) return;
    q.ack(start.seq, 42);
    const meter = q.head();
    expect(meter).toMatchObject({ action: 'MeterValues', payload: { transactionId: 42 } });
    if (!meter) return;
    q.ack(meter.seq);
    expect(q.head()).toMatchObject({
      action: 'StopTransaction',
      payload: { transactionId: 42, meterStop: 200 },
    });
  });

  it('forgets a transaction once it ended and its last message was delivered', () => {
    const q = createTxQueue();
    q.begin(tx('r1'), { connectorId: 1, idTag: 'TAG1', meterStart: 100, timestamp: 't' });
    q.end('r1', { meterStop: 200, timestamp: 't' });
    const start = q.head();
    if (!start) throw new Error('no Start queued');
    q.ack(start.seq, 42);
    expect(q.get('r1')).toMatchObject({ transactionId: 42, ended: true }); // its Stop is queued
    const stop = q.head();
    if (!stop) throw new Error('no Stop queued');
    q.ack(stop.seq);
    expect(q.get('r1')).toBeUndefined();
    expect(q.open()).toEqual([]);
    // An open transaction with nothing queued stays.
    q.begin(tx('r2'), { connectorId: 1, idTag: 'TAG1', meterStart: 200, timestamp: 't' });
    const start2 = q.head();
    if (!start2) throw new Error('no Start queued');
    q.ack(start2.seq, 43);
    expect(q.get('r2')).toMatchObject({ transactionId: 43, ended: false });
  });

  it('survives a restart: pending messages, ids and open transactions come back', () => {
    const file = join(dir, 'q.jsonl');
    const q = createTxQueue({ file });
    q.begin(tx('r1'), { meterStart: 100 });
    q.meter('r1', { values: [] }, 180);
    const s = q.head();
    if (!s) throw new Error('no head');
    q.ack(s.seq, 7);
    q.close(); // (a SIGKILL leaves the same bytes: every write is fsynced before returning)

    const q2 = createTxQueue({ file });
    expect(q2.pending).toBe(1);
    expect(q2.head()).toMatchObject({ action: 'MeterValues', payload: { transactionId: 7 } });
    expect(q2.open()).toMatchObject([{ txRef: 'r1', transactionId: 7, lastWh: 180, ended: false }]);
    q2.close();
  });

  it('compacts the journal without losing pending messages or the id map', () => {
    const file = join(dir, 'q.jsonl');
    const q = createTxQueue({ file, compactAfter: 10 });
    q.begin(tx('r1'), { meterStart: 100 });
    const s = q.head();
    if (!s) throw new Error('no head');
    q.ack(s.seq, 9);
    for (let i = 0; i < 20; i++) {
      const seq = q.meter('r1', { n: i }, 100 + i);
      if (i % 2 === 0) q.ack(seq); // acks are by seq; the odd ones stay pending
    }
    q.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n').length;
    expect(lines).toBeLessThan(25);
    const q2 = createTxQueue({ file });
    expect(q2.pending).toBe(10);
    expect(q2.head()).toMatchObject({ payload: { n: 1, transactionId: 9 } });
    q2.close();
  });

  it('writes every operation as one line, so no cut can split a Stop from its transaction', () => {
    const file = join(dir, 'q.jsonl');
    const q = createTxQueue({ file });
    q.begin(tx('r1'), { meterStart: 100 });
    const s = q.head();
    if (!s) throw new Error('no head');
    q.ack(s.seq, 5);
    q.end('r1', { meterStop: 300, timestamp: 't' });
    q.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3); // begin (with its Start), ack (with the id), Stop
    // Cut right after the Stop line: the transaction is ended, nothing left open to recover.
    const q2 = createTxQueue({ file });
    expect(q2.open()).toEqual([]);
    expect(q2.head()).toMatchObject({ action: 'StopTransaction', payload: { transactionId: 5 } });
    q2.close();
  });

  it('reads the journal of earlier versions (separate id and end records)', () => {
    const file = join(dir, 'q.jsonl');
    const old = [
      { t: 'begin', tx: { ...tx('r1'), transactionId: null, lastWh: 100, ended: false } },
      { t: 'enq', seq: 1, action: 'StartTransaction', txRef: 'r1', payload: { meterStart: 100 } },
      { t: 'id', txRef: 'r1', transactionId: 8 },
      { t: 'ack', seq: 1 },
      { t: 'enq', seq: 2, action: 'StopTransaction', txRef: 'r1', payload: { meterStop: 150 } },
      { t: 'end', txRef: 'r1' },
    ];
    writeFileSync(file, old.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const q = createTxQueue({ file });
    expect(q.open()).toEqual([]);
    expect(q.head()).toMatchObject({ seq: 2, payload: { transactionId: 8, meterStop: 150 } });
    expect(q.begin(tx('r2'), {})).toBe(3);
    q.close();
  });

  it('moves a damaged journal aside, says why, and starts empty', () => {
    const file = join(dir, 'q.jsonl');
    const damaged = '{"t":"ack","seq":1}\nCORRUPT\n{"t":"ack","seq":2}\n';
    writeFileSync(file, damaged);
    const q = createTxQueue({ file });
    expect(q.pending).toBe(0);
    const aside = q.setAside;
    expect(aside?.reason).toBe('line 2 is not JSON');
    expect(aside?.movedTo).toMatch(/q\.jsonl\.corrupt-\d{8}T\d{6}Z$/);
    expect(readFileSync(aside?.movedTo ?? '', 'utf8')).toBe(damaged); // kept whole
    q.begin(tx('r1'), {});
    q.close();
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(2); // a fresh journal
    writeFileSync(file, '[1,2]\n');
    const q2 = createTxQueue({ file });
    expect(q2.setAside?.reason).toBe('line 1 is not a queue record');
    expect(q2.setAside?.movedTo).not.toBe(aside?.movedTo); // never over an older one
    q2.close();
  });

  it('drops messages whose transaction can never get an id', () => {
    const q = createTxQueue();
    q.begin(tx('r1'), {});
    q.meter('r1', {}, 1);
    const s = q.head();
    if (!s) throw new Error('no head');
    q.ack(s.seq); // acknowledged without an id (e.g. given up after CALLERRORs)
    const dropped: string[] = [];
    expect(q.head((m) => dropped.push(m.action))).toBeUndefined();
    expect(dropped).toEqual(['MeterValues']);
    expect(q.pending).toBe(0);
  });
});

describe('state store', () => {
  it('persists atomically and reloads', () => {
    const file = join(dir, 'state.json');
    const s = createStateStore(file);
    s.update((st) => {
      st.availability['1'] = 'Inoperative';
      st.localList = { version: 3, entries: { A: { status: 'Accepted' } } };
    });
    const s2 = createStateStore(file);
    expect(s2.get().availability).toEqual({ '1': 'Inoperative' });
    expect(s2.get().localList.version).toBe(3);
  });

  it('reports a damaged state file as CORRUPT', () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, '{oops');
    expect(() => createStateStore(file)).toThrow(/not valid JSON/);
  });
});
