import { BehaviorSubject, Subject } from 'rxjs';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  type Arbiter,
  type ArbiterEvent,
  CLAIM_PRIORITY,
  checkClaim,
  createArbiter,
  createStation,
  DEFAULT_CLIENT,
  GateError,
  resolveTarget,
  type Station,
  type StationStatus,
} from '../src/index.js';
import type { RapiAsyncFrame } from '../src/rapi/frame.js';
import {
  createFakeController,
  type FakeBuild,
  type FakeController,
  STOCK_BUILD,
} from './support/fake-controller.js';

const flush = async (rounds = 20) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
};

const OCPP_OFF = { client: 'ocpp', priority: CLAIM_PRIORITY.ocpp, state: 'disabled' } as const;
const OCPP_ON = { client: 'ocpp', priority: CLAIM_PRIORITY.ocpp, state: 'active' } as const;

async function rig(build: Partial<FakeBuild> = {}) {
  const fake = createFakeController({ ...STOCK_BUILD, ...build });
  const station: Station = await createStation(fake.transport, { resyncIntervalMs: 0 });
  onTestFinished(() => station.close());
  const arbiter: Arbiter = createArbiter(station);
  onTestFinished(() => arbiter.close());
  const events: ArbiterEvent[] = [];
  arbiter.events$.subscribe((e) => events.push(e));
  const sent = () => events.flatMap((e) => (e.type === 'sent' ? [`${e.command} ${e.reason}`] : []));
  return { fake, station, arbiter, events, sent };
}

/** The relay never closed while `fake` was not authorized. */
const neverCharged = (fake: FakeController) => expect(fake.states).not.toContain(3);

describe('resolveTarget', () => {
  it('takes state and current from the highest claim that sets each', () => {
    expect(resolveTarget([])).toBeNull();
    const t = resolveTarget([
      { client: 'timer', priority: CLAIM_PRIORITY.timer, state: 'active', chargeCurrent: 10 },
      { client: 'manual', priority: CLAIM_PRIORITY.manual, state: 'active', chargeCurrent: 16 },
      { ...OCPP_OFF, note: 'waiting for authorization' },
    ]);
    expect(t).toEqual({
      state: 'disabled',
      client: 'ocpp',
      note: 'waiting for authorization',
      chargeCurrent: 16,
      currentClient: 'manual',
    });
  });

  it('lets a claim leave the state out, and caps the current by the highest maximum', () => {
    // WIFI-API.md §7.3: each property on its own; no state claimed = the default, active.
    expect(
      resolveTarget([{ client: 'manual', priority: CLAIM_PRIORITY.manual, chargeCurrent: 10 }]),
    ).toEqual({
      state: 'active',
      client: DEFAULT_CLIENT,
      chargeCurrent: 10,
      currentClient: 'manual',
    });
    const t = resolveTarget([
      { client: 'manual', priority: CLAIM_PRIORITY.manual, chargeCurrent: 20 },
      { client: 'api', priority: CLAIM_PRIORITY.api, state: 'disabled', maxCurrent: 12 },
    ]);
    expect(t).toEqual({
      state: 'disabled',
      client: 'api',
      chargeCurrent: 12,
      currentClient: 'api',
    });
    const under = resolveTarget([
      { client: 'manual', priority: CLAIM_PRIORITY.manual, chargeCurrent: 8 },
      { client: 'api', priority: CLAIM_PRIORITY.api, maxCurrent: 12 },
    ]);
    expect(under).toMatchObject({ chargeCurrent: 8, currentClient: 'manual' });
    expect(() => checkClaim({ client: 'x', priority: 1, maxCurrent: 100 })).toThrow(/maxCurrent/);
  });

  it('rejects a bad claim and keeps the others', async () => {
    const { arbiter } = await rig();
    arbiter.claim(OCPP_OFF);
    expect(() => arbiter.claim({ ...OCPP_ON, chargeCurrent: 3 })).toThrow(/chargeCurrent/);
    expect(arbiter.target?.state).toBe('disabled');
  });
});

describe('createArbiter over a stock build', () => {
  it('sends nothing before start, then learns the build and gates it', async () => {
    const { fake, arbiter, events, sent } = await rig();
    arbiter.claim(OCPP_OFF);
    await flush();
    expect(fake.seen()).toEqual(['$GV', '$GS', '$GE']);
    await arbiter.start();
    // The resync after `$FS` ($GS, $GE) is the station's; the rest is the gate's.
    const gate = fake.seen().filter((l) => l !== '$GS' && l !== '$GE');
    expect(gate.slice(1)).toEqual(['$G4', '$FS', '$FF B 0', '$ST 0 0 0 0']);
    expect(arbiter.capabilities).toEqual({
      authLock: false,
      buttonDisable: true,
      delayTimer: true,
    });
    expect(events.find((e) => e.type === 'capabilities')).toBeDefined();
    expect(sent()).toEqual(['$FS start']);
    expect(fake.state()).toBe(0xfe);
  });

  it('holds an EV that plugs in and asks for charge asleep, then wakes it for the claim', async () => {
    const { fake, station, arbiter, sent } = await rig();
    arbiter.claim(OCPP_OFF);
    await arbiter.start();
    fake.plug(true);
    fake.askCharge(true);
    await flush();
    expect(station.getStatus()).toMatchObject({ state: 'sleeping', evConnected: true });
    neverCharged(fake);
    arbiter.claim({ ...OCPP_ON, chargeCurrent: 16 });
    await flush();
    expect(fake.charging()).toBe(true);
    expect(sent().slice(1)).toEqual(['$FE claim', '$SC 16 V claim']);
    arbiter.claim(OCPP_OFF);
    await flush();
    expect(fake.state()).toBe(0xfe);
    expect(sent().at(-1)).toBe('$FS claim');
  });

  it('tries a refused $FS again after a pause, though nothing else changes', async () => {
    const { fake, arbiter, events, sent } = await rig();
    arbiter.claim(OCPP_ON);
    await arbiter.start();
    fake.plug(true);
    fake.askCharge(true);
    await vi.waitFor(() => expect(fake.charging()).toBe(true));
    fake.refuseNext('FS', 2);
    arbiter.claim(OCPP_OFF);
    // The EV charges on steadily in state C: no status change will trigger a retry.
    await vi.waitFor(() => expect(fake.state()).toBe(0xfe), { timeout: 10_000, interval: 50 });
    expect(events.filter((e) => e.type === 'failed').map((e) => e.command)).toEqual(['$FS', '$FS']);
    expect(sent().at(-1)).toBe('$FS claim');
  });

  it('re-sleeps after a reboot before the controller leaves POST', async () => {
    const { fake, arbiter, sent } = await rig();
    arbiter.claim(OCPP_OFF);
    await arbiter.start();
    fake.plug(true);
    fake.askCharge(true);
    await flush();
    fake.reboot();
    await flush();
    fake.tick();
    await flush();
    expect(fake.state()).toBe(0xfe);
    expect(sent()).toContain('$FS reboot');
    neverCharged(fake);
  });

  it('re-sleeps when the delay timer or someone else wakes it', async () => {
    const { fake, station, arbiter, sent } = await rig({ delayTimer: false });
    arbiter.claim(OCPP_OFF);
    await arbiter.start();
    expect(arbiter.capabilities.delayTimer).toBe(false);
    fake.timerFires();
    await flush();
    expect(sent()).toContain('$FS woke');
    expect(fake.state()).toBe(0xfe);
    await station.client.request('FE'); // a command from elsewhere
    await flush();
    expect(fake.state()).toBe(0xfe);
  });

  it('turns the front button off, or undoes a press where it cannot', async () => {
    const on = await rig();
    on.arbiter.claim(OCPP_OFF);
    await on.arbiter.start();
    on.fake.press();
    await flush();
    expect(on.fake.states.at(-1)).toBe(0xfe);
    expect(on.sent()).toEqual(['$FS start']);

    const off = await rig({ buttonDisable: false });
    off.arbiter.claim(OCPP_OFF);
    await off.arbiter.start();
    expect(off.arbiter.capabilities.buttonDisable).toBe(false);
    off.fake.plug(true);
    off.fake.press();
    await flush();
    expect(off.sent()).toContain('$FS woke');
    expect(off.fake.state()).toBe(0xfe);
  });

  it('leaves the controller alone while nobody claims', async () => {
    const { fake, arbiter } = await rig();
    await arbiter.start();
    fake.plug(true);
    fake.askCharge(true);
    await flush();
    expect(fake.charging()).toBe(true);
    expect(fake.seen()).not.toContain('$FS');
  });
});

describe('build differences are inputs', () => {
  it('refuses a controller whose $FS answers $NK, naming the firmware', async () => {
    const { arbiter } = await rig({ sleep: false });
    arbiter.claim(OCPP_OFF);
    const error = await arbiter.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateError);
    expect((error as GateError).message).toMatch(/firmware 8\.2\.3 \(RAPI 5\.2\.1\).*\$FS/);
  });

  it('AUTH_LOCK: the $S4 lock follows the target, also after a reboot', async () => {
    const { fake, arbiter, sent } = await rig({ authLock: true });
    arbiter.claim(OCPP_OFF);
    await arbiter.start();
    expect(arbiter.capabilities.authLock).toBe(true);
    expect(sent()).toEqual(['$FS start', '$S4 1 start']);
    fake.plug(true);
    fake.askCharge(true);
    arbiter.claim(OCPP_ON);
    await flush();
    expect(fake.charging()).toBe(true);
    fake.reboot(); // boots locked: the lock must be lifted again
    await flush();
    fake.tick();
    await flush();
    expect(fake.charging()).toBe(true);
    expect(sent()).toContain('$S4 0 reboot');
  });

  it('AUTH_LOCK before RAPI 5 (no vflags): the lock sent is remembered, forgotten at reboot', async () => {
    // A legacy station's status cannot show the lock (`authLocked: null`, FIELD-FIRMWARE.md §2).
    const status$ = new BehaviorSubject<StationStatus>({
      state: 'notConnected',
      fault: null,
      evseState: 1,
      pilotState: null,
      vflags: null,
      evConnected: false,
      authLocked: null,
      currentCapacity: 16,
    });
    const frames$ = new Subject<RapiAsyncFrame>();
    const commands: string[] = [];
    const arbiter = createArbiter(
      {
        status$,
        getStatus: () => status$.value,
        resync: async () => undefined,
        client: {
          events$: frames$,
          request: async (code: string, params: readonly (string | number)[] = []) => {
            commands.push([`$${code}`, ...params].join(' '));
            const to = code === 'FS' ? 0xfe : code === 'FE' ? 1 : null;
            const state = to === 0xfe ? 'sleeping' : 'notConnected';
            if (to !== null)
              queueMicrotask(() => status$.next({ ...status$.value, state, evseState: to }));
            return { ok: true, fields: [] } as never;
          },
        },
      },
      { capabilities: { authLock: true, buttonDisable: false, delayTimer: false } },
    );
    onTestFinished(() => arbiter.close());
    arbiter.claim(OCPP_OFF);
    await arbiter.start();
    await flush();
    expect(commands).toEqual(['$FS', '$S4 1']);
    arbiter.claim(OCPP_ON);
    await flush();
    expect(commands.slice(2)).toEqual(['$S4 0', '$FE']);
    status$.next({ ...status$.value, state: 'connected', evseState: 2, evConnected: true });
    await flush();
    expect(commands).toHaveLength(4); // unlocked as sent: nothing more to do
    frames$.next({ type: 'ST', fields: ['00'] } as unknown as RapiAsyncFrame); // a reboot
    await flush();
    expect(commands.slice(4)).toEqual(['$S4 0']);
  });

  it('BOOTLOCK: $FS before $SB, so the controller leaves setup() asleep', async () => {
    const { fake, arbiter, sent } = await rig({ bootLock: true });
    fake.reboot();
    await flush();
    arbiter.claim(OCPP_OFF);
    await arbiter.start();
    await flush();
    fake.plug(true);
    fake.askCharge(true);
    fake.tick();
    await flush();
    const seen = fake.seen();
    expect(seen.indexOf('$FS')).toBeLessThan(seen.indexOf('$SB'));
    expect(sent()).toContain('$SB start');
    expect(fake.state()).toBe(0xfe);
    neverCharged(fake);
  });
});
