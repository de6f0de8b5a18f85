import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  createRapiClient,
  type RapiAsyncFrame,
  RapiError,
  type TrafficEntry,
} from '../src/index.js';
import { asyncFrame, fakeDevice, reply } from './fake-device.js';

/** A well-behaved device: answers $GS from state S0 (RAPI.md §6) and $GV. */
function s0(cmd: { frame: { code: string; seq?: number } }): string | null {
  const { code, seq } = cmd.frame;
  if (code === 'GS') return reply(true, ['01', '0', '01', '0200'], seq);
  if (code === 'GV') return reply(true, ['8.2.3', '5.2.1'], seq);
  return reply(false, [], seq);
}

async function rejection(p: Promise<unknown>): Promise<RapiError> {
  const error = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RapiError);
  return error as RapiError;
}

describe('createRapiClient: request/reply', () => {
  it('sends an XOR-checksummed command and resolves with the $OK reply', async () => {
    const { host, seen } = fakeDevice(s0);
    const client = createRapiClient(host);
    const r = await client.request('GS');
    expect(r.ok).toBe(true);
    expect(r.fields).toEqual(['01', '0', '01', '0200']);
    expect(seen.map((s) => s.line)).toEqual(['$GS^30']);
    await client.close();
  });

  it('rejects $NK with code NK and the reply attached', async () => {
    const { host } = fakeDevice(() => reply(false, ['24']));
    const client = createRapiClient(host);
    const e = await rejection(client.request('SC', [30, 'V']));
    expect(e.code).toBe('NK');
    expect(e.reply?.fields).toEqual(['24']);
    expect(e.request).toBe('$SC 30 V^61');
    await client.close();
  });

  it('keeps one command in flight: the second is written only after the first reply', async () => {
    const { host, seen } = fakeDevice(s0);
    const client = createRapiClient(host);
    const tx: string[] = [];
    client.traffic$.subscribe((t) => tx.push(`${t.direction} ${t.line}`));
    const [a, b] = await Promise.all([client.request('GV'), client.request('GS')]);
    expect(a.fields[0]).toBe('8.2.3');
    expect(b.fields[0]).toBe('01');
    expect(tx).toEqual([
      'tx $GV^35',
      'rx $OK 8.2.3 5.2.1^2F',
      'tx $GS^30',
      'rx $OK 01 0 01 0200^12',
    ]);
    expect(seen).toHaveLength(2);
    await client.close();
  });

  it('delivers an async $AT arriving between request and reply on events$, and still gets the reply', async () => {
    const { host } = fakeDevice((cmd) => asyncFrame('$AT 02 02 24 0700') + s0(cmd), {
      chunkSize: 5,
    });
    const client = createRapiClient(host);
    const events: RapiAsyncFrame[] = [];
    client.events$.subscribe((e) => events.push(e));
    const r = await client.request('GS');
    expect(r.fields).toEqual(['01', '0', '01', '0200']);
    expect(events).toEqual([
      { kind: 'async', type: 'AT', fields: ['02', '02', '24', '0700'], checksum: { kind: 'xor' } },
    ]);
    await client.close();
  });

  it('times out a dropped reply with TIMEOUT, and the next command works', async () => {
    const { host } = fakeDevice((cmd, n) => (n === 0 ? null : s0(cmd)));
    const client = createRapiClient(host, { timeoutMs: 50 });
    const e = await rejection(client.request('GS'));
    expect(e.code).toBe('TIMEOUT');
    expect((await client.request('GV')).fields).toEqual(['8.2.3', '5.2.1']);
    await client.close();
  });

  it('fails a reply with a bad checksum at once with CHECKSUM (no sequence ids), and recovers', async () => {
    const { host } = fakeDevice((cmd, n) => (n === 0 ? '$OK 01 0 01 0200^13\r' : s0(cmd)));
    const client = createRapiClient(host, { timeoutMs: 1000 });
    const errors: string[] = [];
    client.errors$.subscribe((e) => errors.push(e.code));
    const e = await rejection(client.request('GS'));
    expect(e.code).toBe('CHECKSUM');
    expect(e.line).toBe('$OK 01 0 01 0200^13');
    expect(errors).toEqual(['CHECKSUM']);
    expect((await client.request('GS')).ok).toBe(true);
    await client.close();
  });

  it('skips garbage and debug noise around the reply', async () => {
    const { host } = fakeDevice((cmd) => `\r\nrelayCloseMs: 100\r\n$#%garbage\r${s0(cmd)}\n`);
    const client = createRapiClient(host);
    const errors: RapiError[] = [];
    client.errors$.subscribe((e) => errors.push(e));
    expect((await client.request('GV')).fields).toEqual(['8.2.3', '5.2.1']);
    await client.close();
    // `$#%garbage` parses as a (nonsense) echoed command, not an error; the debug text is dropped.
    expect(errors).toEqual([]);
  });
});

describe('createRapiClient: wire options and echo mode', () => {
  it('sends the additive checksum or none when asked', async () => {
    const { host, seen } = fakeDevice(s0);
    const additive = createRapiClient(host, { checksum: 'additive', closeTransport: false });
    await additive.request('GS');
    await additive.close();
    const bare = createRapiClient(host, { checksum: 'none' });
    await bare.request('GS');
    await bare.close();
    expect(seen.map((s) => s.line)).toEqual(['$GS*BE', '$GS']);
  });

  it('ignores its own command echoed back and the LF after replies (echo mode, RAPI.md §1.9)', async () => {
    const { host } = fakeDevice((cmd) => `${cmd.line}\r${s0(cmd)}\n`);
    const client = createRapiClient(host);
    const frames: string[] = [];
    client.frames$.subscribe((f) => frames.push(f.kind));
    expect((await client.request('GV')).fields).toEqual(['8.2.3', '5.2.1']);
    expect((await client.request('GS')).fields[0]).toBe('01');
    expect(frames).toEqual(['command', 'reply', 'command', 'reply']);
    await client.close();
  });
});

describe('createRapiClient: sequence ids', () => {
  it('sends :01, :02 … and matches replies by id, ignoring a reply with the wrong id', async () => {
    const { host, seen } = fakeDevice((cmd, n) =>
      n === 0 ? reply(true, ['stale'], 0x7f) + s0(cmd) : s0(cmd),
    );
    const client = createRapiClient(host, { useSequenceIds: true });
    const r = await client.request('GS');
    expect(r.fields).toEqual(['01', '0', '01', '0200']);
    expect(r.seq).toBe(1);
    await client.request('GV');
    expect(seen.map((s) => s.line)).toEqual(['$GS :01^2B', '$GV :02^2D']);
    await client.close();
  });

  it('treats a bare $NK (checksum failure, no id echoed) as the failure of the request in flight', async () => {
    const { host } = fakeDevice(() => '$NK^21\r');
    const client = createRapiClient(host, { useSequenceIds: true });
    expect((await rejection(client.request('GS'))).code).toBe('NK');
    await client.close();
  });

  it('wraps 255 to 1, never sending the reserved id 00', async () => {
    const { host, seen } = fakeDevice(s0);
    const client = createRapiClient(host, { useSequenceIds: true, timeoutMs: 500 });
    for (let i = 0; i < 256; i++) await client.request('GS');
    expect(seen[254]?.frame.seq).toBe(255);
    expect(seen[255]?.frame.seq).toBe(1);
    await client.close();
  });
});

describe('createRapiClient: timers', () => {
  /** asyncScheduler, keeping every timer it hands out. */
  function countingScheduler(): { scheduler: SchedulerLike; timers: Subscription[] } {
    const timers: Subscription[] = [];
    const scheduler: SchedulerLike = {
      now: () => asyncScheduler.now(),
      schedule: (work, delay, state) => {
        const timer = asyncScheduler.schedule(work as never, delay, state);
        timers.push(timer);
        return timer;
      },
    };
    return { scheduler, timers };
  }

  /** Still armed: neither cancelled nor fired (an AsyncAction is `pending` until it runs). */
  const armed = (timers: Subscription[]) =>
    timers.filter((t) => !t.closed && (t as unknown as { pending: boolean }).pending);

  it('reuses one timer for back-to-back commands and leaves none behind once idle', async () => {
    const { host } = fakeDevice(s0);
    const { scheduler, timers } = countingScheduler();
    const client = createRapiClient(host, { scheduler, timeoutMs: 1000 });
    for (let i = 0; i < 20; i++) await client.request('GS');
    expect(timers).toHaveLength(1);
    expect(armed(timers)).toHaveLength(1);
    await new Promise((r) => setImmediate(r));
    expect(armed(timers)).toEqual([]);
    // Not reused across idle: the next command arms a fresh timer, and still times out.
    const { host: silent } = fakeDevice(() => null);
    const quiet = createRapiClient(silent, { scheduler, timeoutMs: 20 });
    expect((await rejection(quiet.request('GS'))).code).toBe('TIMEOUT');
    await new Promise((r) => setImmediate(r));
    expect(armed(timers)).toEqual([]);
    await client.close();
    await quiet.close();
  });
});

describe('createRapiClient: close and transport end', () => {
  it('close() rejects in-flight and queued requests with CLOSED, and later ones too', async () => {
    const { host } = fakeDevice(() => null);
    const client = createRapiClient(host);
    const a = client.request('GS');
    const b = client.request('GV');
    await client.close();
    expect((await rejection(a)).code).toBe('CLOSED');
    expect((await rejection(b)).code).toBe('CLOSED');
    expect((await rejection(client.request('GS'))).code).toBe('CLOSED');
    await client.close();
  });

  it('the device going away rejects pending requests with CLOSED and completes the streams', async () => {
    const { host, device } = fakeDevice(() => null);
    const client = createRapiClient(host);
    const traffic: TrafficEntry[] = [];
    let completed = false;
    client.traffic$.subscribe({ next: (t) => traffic.push(t), complete: () => (completed = true) });
    const a = client.request('GS');
    await new Promise((r) => setImmediate(r));
    await device.close();
    expect((await rejection(a)).code).toBe('CLOSED');
    expect(completed).toBe(true);
    expect(traffic.map((t) => t.direction)).toEqual(['tx']);
    expect(typeof traffic[0]?.at).toBe('number');
  });

  it('send() resolves once written, without waiting for a reply ($FR never answers)', async () => {
    const { host, seen } = fakeDevice(() => null);
    const client = createRapiClient(host, { timeoutMs: 10_000 });
    await client.send('FR');
    expect(seen.map((s) => s.line)).toEqual(['$FR^30']);
    await client.close();
  });

  it('refuses commands the firmware would drop, without sending them', async () => {
    const { host, seen } = fakeDevice(s0);
    const client = createRapiClient(host);
    const e = await rejection(client.request('FP', [0, 0, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ']));
    expect(e.code).toBe('TOO_LONG');
    await expect(client.request('SC', [-1])).rejects.toBeInstanceOf(TypeError);
    expect((await client.request('GS')).ok).toBe(true);
    expect(seen.map((s) => s.line)).toEqual(['$GS^30']);
    await client.close();
  });
});

describe('createRapiClient: table-driven helpers', () => {
  /** A device in state S2 (charging) answering the getters from shared vectors. */
  const s2 = (cmd: { frame: { code: string; params: readonly string[]; seq?: number } }) => {
    const { code, params } = cmd.frame;
    const table: Record<string, string[]> = {
      GS: ['03', '125', '03', '0540'],
      GU: ['360000', '5000'],
      GG: ['23850', '240000'],
      GP: ['235', '240', '-2560'],
      GV: ['8.2.3', '5.2.1'],
      GE: ['24', '0021'],
      GC: ['6', '80', '24', '24'],
    };
    const fields = table[code];
    if (fields) return reply(true, fields);
    if (code === 'SC')
      return params[1] === 'V' && Number(params[0]) > 24
        ? reply(false, ['24'])
        : reply(true, [params[0] ?? '']);
    if (['FE', 'FD', 'FS'].includes(code)) return reply(true);
    if (code === 'S4') return reply(false); // default build: no AUTH_LOCK
    return reply(false);
  };

  it('decodes getters through the table', async () => {
    const { host } = fakeDevice(s2);
    const client = createRapiClient(host);
    expect(await client.getState()).toEqual({
      evseState: 3,
      elapsedSeconds: 125,
      pilotState: 3,
      vflags: 0x540,
    });
    expect(await client.getEnergy()).toEqual({ sessionWs: 360000, lifetimeWh: 5000 });
    expect(await client.getCurrentVoltage()).toEqual({ currentMa: 23850, voltageMv: 240000 });
    expect(await client.getTemperatures()).toEqual({ ds3231C: 23.5, mcp9808C: 24, tmp007C: null });
    expect(await client.getVersion()).toEqual({ firmware: '8.2.3', protocol: '5.2.1' });
    expect(await client.getSettings()).toEqual({
      pilotAmps: 24,
      flags: 0x21,
      flagNames: ['serviceLevel2', 'autoServiceLevelDisabled'],
    });
    expect(await client.get('GC')).toEqual({
      minAmps: 6,
      maxAmps: 80,
      pilotAmps: 24,
      configuredMaxAmps: 24,
    });
    await client.close();
  });

  it('sends the right lines for commands, and setCurrent reports $NK with the settled amps', async () => {
    const { host, seen } = fakeDevice(s2);
    const client = createRapiClient(host);
    expect(await client.setCurrent(16)).toBe(16);
    const e = await rejection(client.setCurrent(30, 'volatile'));
    expect(e.code).toBe('NK');
    expect(e.reply?.fields).toEqual(['24']);
    await client.enable();
    await client.disable();
    await client.sleep();
    expect((await rejection(client.setAuthLock(true))).code).toBe('NK');
    await client.reset();
    expect(seen.map((s) => s.line)).toEqual([
      '$SC 16^13',
      '$SC 30 V^61',
      '$FE^27',
      '$FD^26',
      '$FS^31',
      '$S4 1^52',
      '$FR^30',
    ]);
    await client.close();
  });

  it('rejects a reply too short for its command as MALFORMED and keeps working', async () => {
    const { host } = fakeDevice((cmd, n) => (n === 0 ? reply(true, ['01', '0']) : s2(cmd)));
    const client = createRapiClient(host);
    expect((await rejection(client.getState())).code).toBe('MALFORMED');
    expect((await client.getState()).evseState).toBe(3);
    await client.close();
  });
});
