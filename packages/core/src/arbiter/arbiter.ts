/**
 * The arbiter: the one place that sends `$FS`, `$FE` and `$SC n V` (and, where the build has
 * them, `$S4` and `$SB`), driving the controller to the target of the claims put on it. It
 * gates a stock controller the way the OpenEVSE WiFi module does (FIELD-FIRMWARE.md §1 and
 * "Implications" 2–5): a disabled target is held with sleep, and sleep is re-applied whenever
 * the controller may have woken — at start, after a reboot, and on any move to 01–03.
 */
import { type Observable, Subject, type Subscription, timer } from 'rxjs';
import { isRapiError } from '../rapi/errors.js';
import type { RapiAsyncFrame } from '../rapi/frame.js';
import type { StationStatus } from '../station/types.js';
import { BOOT_LOCK_VFLAG, type GateCapabilities, UNKNOWN_CAPABILITIES } from './capabilities.js';
import { type ArbiterTarget, type Claim, checkClaim, resolveTarget, sameTarget } from './claims.js';
import { GateError } from './gate-error.js';
import type {
  Arbiter,
  ArbiterEvent,
  ArbiterOptions,
  ArbiterReason,
  ArbiterStation,
} from './types.js';

/** Awake and able to close the relay: states 01–03 (RAPI.md §3.1). */
const awake = (s: StationStatus): boolean =>
  s.state === 'notConnected' || s.state === 'connected' || s.state === 'charging';

/** Not enabled: what `$FE` undoes (RAPI.md §4.4). */
const resting = (s: StationStatus): boolean => s.state === 'sleeping' || s.state === 'disabled';

/** `$AT 00 …` / legacy `$ST 00`: the forced state report of a boot (FIELD-FIRMWARE.md §1). */
const bootFrame = (f: RapiAsyncFrame): boolean =>
  f.type === 'AB' ||
  ((f.type === 'AT' || f.type === 'ST') && Number.parseInt(f.fields[0] ?? '', 16) === 0);

type Command = readonly [code: string, params: readonly (string | number)[]];

/** The command that failed and why. */
interface Failure {
  readonly command: Command;
  readonly error: unknown;
}

const text = ([code, params]: Command): string => [`$${code}`, ...params].join(' ');

/**
 * Pauses before a failed plan is tried again, ms (the last one repeats). Waiting for the next
 * status change is not enough: a `$FS` refused or lost while the EV charges steadily in state
 * C would leave it charging with no transaction, since nothing changes to trigger a retry.
 */
const RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 5000, 10_000, 30_000];

class ArbiterImpl implements Arbiter {
  readonly #station: ArbiterStation;
  readonly #claims = new Map<string, Claim>();
  readonly #events = new Subject<ArbiterEvent>();
  #capabilities: GateCapabilities;
  #target: ArbiterTarget | null = null;
  #subs: Subscription[] = [];
  #started = false;
  #closed = false;
  // One apply at a time; a trigger meanwhile is kept (the strongest reason) and run after it.
  #pending: ArbiterReason | null = null;
  #running: Promise<void> | null = null;
  // `$SC n V` is volatile (RAPI.md §3.7): forgotten at reboot, so re-sent then.
  #sentCurrent: number | null = null;
  // The `$S4` lock last sent, for controllers whose status does not show it (vflags unknown
  // before RAPI 5, FIELD-FIRMWARE.md §2); forgotten at reboot (AUTH_LOCK builds boot locked).
  #sentLock: boolean | null = null;
  // A failed plan is retried after a back-off until one holds.
  #retry: Subscription | null = null;
  #failures = 0;

  constructor(station: ArbiterStation, options: ArbiterOptions) {
    this.#station = station;
    this.#capabilities = { ...UNKNOWN_CAPABILITIES, ...options.capabilities };
  }

  get target(): ArbiterTarget | null {
    return this.#target;
  }

  get capabilities(): GateCapabilities {
    return this.#capabilities;
  }

  get events$(): Observable<ArbiterEvent> {
    return this.#events.asObservable();
  }

  claim(claim: Claim): void {
    checkClaim(claim);
    this.#claims.set(claim.client, { ...claim });
    this.#retarget();
  }

  release(client: string): void {
    if (this.#claims.delete(client)) this.#retarget();
  }

  #retarget(): void {
    const next = resolveTarget(this.#claims.values());
    if (sameTarget(this.#target, next)) return;
    this.#target = next;
    this.#events.next({ type: 'target', target: next });
    if (this.#started) this.#trigger('claim');
  }

  async start(): Promise<void> {
    if (this.#started || this.#closed) throw new Error('arbiter: start() called twice');
    const { client, status$ } = this.#station;
    // Watch first, so a reboot or wake during start is not missed.
    this.#subs.push(
      client.events$.subscribe((f) => {
        if (bootFrame(f)) this.#trigger('reboot');
      }),
      status$.subscribe((s) => this.#onStatus(s)),
    );
    try {
      const caps = this.#capabilities;
      const authLock = caps.authLock ?? (await this.#try(['G4', []]));
      this.#capabilities = { ...caps, authLock };
      await this.#gateAtStart();
      this.#started = true;
      // The other wake paths (FIELD-FIRMWARE.md §1, "Implications" 4): button, delay timer.
      const buttonDisable = caps.buttonDisable !== false && (await this.#try(['FF', ['B', 0]]));
      const delayTimer = caps.delayTimer !== false && (await this.#try(['ST', [0, 0, 0, 0]]));
      this.#capabilities = Object.freeze({ buttonDisable, delayTimer, authLock });
      this.#events.next({ type: 'capabilities', capabilities: this.#capabilities });
    } catch (error) {
      this.close();
      throw error;
    }
    // Whatever moved meanwhile (a reboot, a wake) is applied now.
    this.#onStatus(this.#station.getStatus());
    if (this.#pending !== null && this.#running === null) this.#running = this.#drain();
  }

  /** Apply the target once; a `$FS` the build refuses means it cannot be gated at all. */
  async #gateAtStart(): Promise<void> {
    const failure = await this.#apply('start');
    if (failure === null) return;
    const { command, error } = failure;
    if (command[0] !== 'FS' || !isRapiError(error, 'NK')) throw error;
    const version = await this.#station.client.request('GV').catch(() => null);
    const firmware = version?.fields[0] ?? null;
    const name = firmware
      ? `firmware ${firmware} (RAPI ${version?.fields[1] ?? '?'})`
      : 'this controller';
    throw new GateError(
      `${name} cannot be gated: it answers $NK to $FS (sleep), so charging could not be held until authorization`,
      firmware,
      { cause: error },
    );
  }

  /** `true` if `$OK`, `false` if `$NK`; other failures (timeout, closed) are thrown. */
  async #try(command: Command): Promise<boolean> {
    try {
      await this.#station.client.request(command[0], command[1]);
      return true;
    } catch (error) {
      if (isRapiError(error, 'NK')) return false;
      throw error;
    }
  }

  #onStatus(s: StationStatus): void {
    const t = this.#target;
    if (!this.#started || t === null) return;
    if (((s.vflags ?? 0) & BOOT_LOCK_VFLAG) !== 0) this.#trigger('bootLock');
    else if (t.state === 'disabled' && (awake(s) || this.#lockDiffers(s, t))) this.#trigger('woke');
    else if (t.state === 'active' && (resting(s) || this.#lockDiffers(s, t)))
      this.#trigger('slept');
  }

  /** On AUTH_LOCK builds the lock follows the target (it boots locked, RAPI.md §4.10). */
  #lockDiffers(s: StationStatus, t: ArbiterTarget): boolean {
    return this.#capabilities.authLock === true && this.#locked(s) !== (t.state === 'disabled');
  }

  /** The `$S4` lock as the status shows it, else as last sent; `null` when neither knows. */
  #locked(s: StationStatus): boolean | null {
    return s.authLocked ?? this.#sentLock;
  }

  #trigger(reason: ArbiterReason): void {
    if (this.#closed) return;
    // A reboot asks for the most (sleep regardless of the state seen): it wins over others.
    if (this.#pending !== 'reboot') this.#pending = reason;
    // Before start() has applied the target, it only remembers the reason.
    if (this.#started && this.#running === null) this.#running = this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending !== null && !this.#closed) {
      const reason = this.#pending;
      this.#pending = null;
      // A failure is reported as 'failed' and retried on the next trigger or after a back-off.
      if ((await this.#apply(reason)) === null) this.#failures = 0;
      else this.#retryLater(reason);
    }
    this.#running = null;
  }

  #retryLater(reason: ArbiterReason): void {
    if (this.#retry !== null || this.#closed) return;
    const delay = RETRY_DELAYS_MS[Math.min(this.#failures, RETRY_DELAYS_MS.length - 1)] ?? 30_000;
    this.#failures += 1;
    this.#retry = timer(delay).subscribe(() => {
      this.#retry = null;
      this.#trigger(reason);
    });
  }

  /** The commands that move the controller from `s` to `t`, in the order they must go. */
  #plan(reason: ArbiterReason, s: StationStatus, t: ArbiterTarget): Command[] {
    const plan: Command[] = [];
    const authLock = this.#capabilities.authLock === true;
    const bootLocked = ((s.vflags ?? 0) & BOOT_LOCK_VFLAG) !== 0; // vflags unknown before RAPI 5: no BOOTLOCK there
    if (reason === 'reboot') {
      this.#sentCurrent = null;
      this.#sentLock = null;
    }
    const locked = this.#locked(s);
    if (t.state === 'disabled') {
      // After a reboot or at start the mirror may be stale: sleep whatever it shows.
      const fresh = reason === 'reboot' || reason === 'start';
      if (fresh || awake(s) || s.state === 'disabled') plan.push(['FS', []]);
      if (authLock && (fresh || locked !== true)) plan.push(['S4', [1]]);
      // BOOTLOCK: sleep first, then release setup() (FIELD-FIRMWARE.md §1).
      if (bootLocked) plan.push(['SB', []]);
      return plan;
    }
    if (bootLocked) plan.push(['SB', []]);
    if (authLock && (reason === 'reboot' || locked !== false)) plan.push(['S4', [0]]);
    if (resting(s)) plan.push(['FE', []]);
    const amps = t.chargeCurrent;
    if (amps !== undefined && (amps !== this.#sentCurrent || amps !== s.currentCapacity)) {
      plan.push(['SC', [amps, 'V']]);
    }
    return plan;
  }

  /** Send the plan for the present status; stops at, reports and returns the first failure. */
  async #apply(reason: ArbiterReason): Promise<Failure | null> {
    const t = this.#target;
    const station = this.#station;
    const plan = t === null ? [] : this.#plan(reason, station.getStatus(), t);
    // No claim sets a current any more: the pilot goes back to the configured maximum, as
    // the WiFi module does (WIFI-API.md §7.3); `$GC` 4th field, else the level's maximum.
    if (t?.chargeCurrent === undefined && this.#sentCurrent !== null) {
      const gc = await station.client.request('GC').catch(() => null);
      const max = Number(gc?.fields[3] ?? gc?.fields[1]);
      if (Number.isInteger(max) && max > 0) plan.push(['SC', [max, 'V']]);
    }
    if (plan.length === 0) return null;
    for (const command of plan) {
      if (this.#closed) return null;
      try {
        await station.client.request(command[0], command[1]);
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        this.#events.next({ type: 'failed', command: text(command), reason, error: err });
        return { command, error };
      }
      if (command[0] === 'SC') {
        this.#sentCurrent = t?.chargeCurrent === undefined ? null : Number(command[1][0]);
      }
      if (command[0] === 'S4') this.#sentLock = command[1][0] === 1;
      this.#events.next({ type: 'sent', command: text(command), reason, target: t });
    }
    // The ESP32 reads `$GS` after each `$FE`/`$FS` (FIELD-FIRMWARE.md §1): `$FE` passes state
    // 00, which no `$AT` reports.
    await station.resync().catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      this.#events.next({ type: 'failed', command: '$GS', reason, error: err });
    });
    return null;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#retry?.unsubscribe();
    this.#retry = null;
    for (const s of this.#subs) s.unsubscribe();
    this.#subs = [];
    this.#events.complete();
  }
}

/**
 * Create the arbiter of `station` (core's `Station`, or anything with its status, `resync` and
 * client). Put claims, then `start()`; nothing is sent before.
 * @example
 * const arbiter = createArbiter(station);
 * arbiter.claim({ client: 'ocpp', priority: CLAIM_PRIORITY.ocpp, state: 'disabled' });
 * await arbiter.start(); // $G4, $FS, $FF B 0, $ST 0 0 0 0
 */
export function createArbiter(station: ArbiterStation, options: ArbiterOptions = {}): Arbiter {
  return new ArbiterImpl(station, options);
}
