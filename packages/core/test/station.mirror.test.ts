/**
 * The station makes its xstate mirror actor only when `station.actor` is first read and
 * computes the status without it until then (src/station/mirror.ts). These tests hold the two
 * paths against each other: the status, the transitions and, once made, the actor's snapshot
 * must be exactly what an actor running from the start gives.
 */
import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { ALL_STATE_CODES } from '../src/evse/codes-map.js';
import type { DeviceStateEvent } from '../src/evse/events.js';
import { evseMachine } from '../src/evse/machine.js';
import { createStation } from '../src/station/create-station.js';
import { statusFromDeviceState, statusFromSnapshot } from '../src/station/status.js';
import type { Station, StationTransition } from '../src/station/types.js';
import { createLoopbackPair } from '../src/testing.js';
import { type FakeDevice, fakeDevice, idle } from './support/fake-device.js';

// Every code the machine has a state for, plus codes it has none for (reserved 0x0C/0x0D,
// unknown 0x10): the actor ignores those, so the status must not move either.
const CODES = [...ALL_STATE_CODES.map((s) => s.code), 0x0c, 0x0d, 0x10];

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

describe('statusFromDeviceState', () => {
  it('is the status of a fresh mirror actor after that one DEVICE_STATE, for every code', () => {
    for (const code of CODES) {
      for (const event of [
        { type: 'DEVICE_STATE', evseState: code, pilotState: 2, vflags: 0x0708 },
        {
          type: 'DEVICE_STATE',
          evseState: code,
          pilotState: 3,
          vflags: 0x0146,
          currentCapacity: 32,
          elapsedSeconds: 12,
        },
      ] satisfies DeviceStateEvent[]) {
        const actor = createActor(evseMachine, { input: { mirror: true } }).start();
        const before = statusFromSnapshot(actor.getSnapshot());
        actor.send(event);
        const expected = statusFromSnapshot(actor.getSnapshot());
        actor.stop();
        const status = statusFromDeviceState(event);
        if (status === null)
          expect(expected).toEqual(before); // ignored by the actor too
        else expect(status).toEqual(expected);
      }
    }
  });
});

describe('a station without an actor and one with it from the start', () => {
  const open: Station[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  async function pair(): Promise<{
    station: Station;
    device: FakeDevice;
    seen: StationTransition[];
  }> {
    const [host, deviceEnd] = createLoopbackPair();
    const device = fakeDevice(deviceEnd, idle());
    const station = await createStation(host, { resyncIntervalMs: 0 });
    open.push(station);
    const seen: StationTransition[] = [];
    station.transitions$.subscribe((t) => seen.push(t));
    return { station, device, seen };
  }

  it('agree on every status, transition and, at the end, the actor snapshot (400 random frames)', async () => {
    const lazy = await pair();
    const eager = await pair();
    const eagerActor = eager.station.actor; // made now: every frame goes through xstate
    const next = rng(8);
    for (let step = 0; step < 100; step += 1) {
      const lines: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const code = CODES[next(CODES.length)] as number;
        lines.push(`$AT ${hex(code, 2)} ${hex(next(6), 2)} ${next(80)} ${hex(next(0x10000), 4)}`);
      }
      const gs = `$OK ${hex(CODES[next(CODES.length)] as number, 2)} ${next(5000)} ${hex(next(6), 2)} ${hex(next(0x10000), 4)}`;
      const ge = `$OK ${next(80)} 0001`;
      for (const side of [lazy, eager]) {
        side.device.script['GS'] = () => gs;
        side.device.script['GE'] = () => ge;
        await side.device.send(...lines);
        // Alternate: some steps end with a resync ($GS/$GE), some with the $AT frames alone.
        if (step % 2 === 0) await side.station.resync();
        else await side.station.info(); // a round trip, so the frames above are all in
      }
      expect(lazy.station.getStatus()).toEqual(eager.station.getStatus());
    }
    const strip = (ts: StationTransition[]) => ts.map(({ from, to }) => ({ from, to }));
    expect(eager.seen.length).toBeGreaterThan(100);
    expect(strip(lazy.seen)).toEqual(strip(eager.seen));
    const late = lazy.station.actor.getSnapshot();
    const early = eagerActor.getSnapshot();
    expect(late.value).toEqual(early.value);
    expect(late.context).toEqual(early.context);
    expect(lazy.station.actor).toBe(lazy.station.actor);
  });

  it('once made, the actor drives the status: events sent to it show on status$', async () => {
    const { station, device } = await pair();
    await device.send('$AT 02 02 24 0700');
    await station.resync();
    const statuses = firstValueFrom(station.status$.pipe(toArray()));
    expect(station.actor.getSnapshot().value).toBe('notConnected'); // the resync's $GS wins
    station.actor.send({ type: 'DEVICE_STATE', evseState: 3, pilotState: 3, vflags: 0x0540 });
    expect(station.getStatus()).toMatchObject({ state: 'charging', currentCapacity: 24 });
    await station.close();
    expect((await statuses).map((s) => s.state)).toEqual(['notConnected', 'charging']);
    expect(station.actor.getSnapshot().status).toBe('stopped');
  });
});
