import type { Observable } from 'rxjs';
import type { RapiClientCore } from '../rapi/client.js';
import type { StationStatus } from '../station/types.js';
import type { GateCapabilities } from './capabilities.js';
import type { ArbiterTarget, Claim } from './claims.js';

/** What the arbiter drives: core's `Station` satisfies it. */
export interface ArbiterStation {
  readonly status$: Observable<StationStatus>;
  getStatus(): StationStatus;
  /** Re-read `$GS`/`$GE` (the WiFi module reads `$GS` after each `$FE`/`$FS`, FIELD-FIRMWARE.md §1). */
  resync(): Promise<unknown>;
  readonly client: Pick<RapiClientCore, 'request' | 'events$'>;
}

/**
 * Why the arbiter sent a command:
 * - `start`: the arbiter started (the controller's state is unknown to it);
 * - `claim`: the target changed (a claim was put or released);
 * - `reboot`: the controller rebooted (`$AB`, or `$AT`/`$ST` state 00) and forgot its sleep;
 * - `woke`: the controller left sleep while the target is disabled (front button, delay
 *   timer, a command from someone else);
 * - `slept`: the controller is asleep or disabled while the target is active;
 * - `bootLock`: the controller waits for `$SB` (BOOTLOCK builds, vflag 0x4000).
 */
export type ArbiterReason = 'start' | 'claim' | 'reboot' | 'woke' | 'slept' | 'bootLock';

/** What the arbiter did and why (libraries emit; whoever shows them decides the words). */
export type ArbiterEvent =
  /** The winning claims changed. */
  | { readonly type: 'target'; readonly target: ArbiterTarget | null }
  /** A command went out and was answered `$OK`. */
  | {
      readonly type: 'sent';
      /** The command as written, e.g. `$FS`, `$SC 16 V`. */
      readonly command: string;
      readonly reason: ArbiterReason;
      readonly target: ArbiterTarget | null;
    }
  /** A command failed (`$NK`, timeout); the arbiter tries again on the next trigger or after 1–30 s. */
  | {
      readonly type: 'failed';
      readonly command: string;
      readonly reason: ArbiterReason;
      readonly error: Error;
    }
  /** What the build turned out to have (once, at start). */
  | { readonly type: 'capabilities'; readonly capabilities: GateCapabilities };

/** Options of `createArbiter`. */
export interface ArbiterOptions {
  /**
   * What is known about the build; what is left out is tried at start (`$G4`, `$FF B 0`,
   * `$ST 0 0 0 0`).
   * @default all unknown
   */
  readonly capabilities?: Partial<GateCapabilities>;
}

/** The single owner of `$FS`, `$FE`, `$SC … V` (and `$S4`, `$SB`) on one controller. */
export interface Arbiter {
  /** Put (or replace) `claim.client`'s claim; the target is re-applied at once if started. */
  claim(claim: Claim): void;
  /** Withdraw `client`'s claim. */
  release(client: string): void;
  /** The winning claims now, or `null` when nobody claims (then nothing is sent). */
  readonly target: ArbiterTarget | null;
  /** What the build has, as learned at start (or given). */
  readonly capabilities: GateCapabilities;
  /** Every command sent or failed, target changes, capabilities. Hot. */
  readonly events$: Observable<ArbiterEvent>;
  /**
   * Learn the build, apply the target, turn the front button and delay timer off. Rejects with
   * `GateError` when the target is disabled and `$FS` answers `$NK` (the station cannot be
   * gated), or with the `RapiError` of a command that could not be sent.
   */
  start(): Promise<void>;
  /** Stop watching the controller (it stays as it is: asleep if the target was disabled). */
  close(): void;
}
