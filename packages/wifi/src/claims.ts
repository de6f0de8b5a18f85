/**
 * The claim book: the module's claims (WIFI-API.md §7–9) kept in its own form (numeric
 * client ids, optional properties, `auto_release`, version counters) and put on core's
 * arbiter — the one sender of `$FS`/`$FE`/`$SC n V`. It is also a drop-in for the arbiter
 * where the OCPP charge point claims (`claim`/`release`), so `/claims` lists OCPP's claim too
 * and the arbiter orders them all (OCPP 1050 above manual 1000, WIFI-API.md §7.1). A core
 * claim the module has no id for (1.6 smart charging's `ocpp-smart`) goes on the arbiter
 * unchanged; the module's view shows it folded into its client's claim (clients.ts
 * `FOLDED_CLIENTS`, WIFI-API.md §7.5), or not at all.
 */
import { type Arbiter, type ArbiterTarget, type Claim, resolveTarget } from '@evse/core';
import { type Observable, Subject } from 'rxjs';
import {
  CLIENTS,
  type ClaimClient,
  clientId,
  clientName,
  FOLDED_CLIENTS,
  shownAs,
} from './clients.js';
import { coreProperties, foldClaim, type ModuleClaim, sameClaim, targetJson } from './fold.js';
import { type ClaimProperties, sameProperties } from './properties.js';

/** What changed: a claim made, changed or released. */
export interface ClaimChange {
  /** The module client whose claim shows the change, or null when the module's view has none. */
  readonly client: number | null;
  /** That client's claim as the module shows it now (`get(client)`), or null. */
  readonly claim: ModuleClaim | null;
}

export interface ClaimBook extends Pick<Arbiter, 'claim' | 'release'> {
  /** Make or replace `client`'s claim; false when it was already exactly that. */
  put(client: number, properties: ClaimProperties, priority: number): boolean;
  /** Release `client`'s claim; false when it had none. */
  drop(client: number): boolean;
  /** `client`'s claim as the module shows it (with the core claims folded into it). */
  get(client: number): ModuleClaim | undefined;
  /** The module's claims as it shows them (`GET /claims`). */
  list(): readonly ModuleClaim[];
  /** The claims on the arbiter as it has them (names, amps, notes), in its order. */
  arbiterClaims(): readonly Claim[];
  /** The arbiter's target of these claims (`null` when none). */
  target(): ArbiterTarget | null;
  /** `GET /claims/target` (WIFI-API.md §9). */
  targetJson(): Record<string, unknown>;
  /** Release every claim with `auto_release` (the EV was unplugged, §7.3). */
  sessionEnded(): void;
  /** 8-bit counters (§7.4). */
  readonly claimsVersion: number;
  readonly overrideVersion: number;
  readonly changes$: Observable<ClaimChange>;
}

/** Whole amps within what `$SC` takes (RAPI.md §3.7): the module clamps, it never refuses. */
const amps = (a: number | undefined): number | undefined =>
  a === undefined ? undefined : Math.min(80, Math.max(6, Math.round(a)));

const sameCore = (a: Claim, b: Claim): boolean =>
  a.priority === b.priority &&
  a.state === b.state &&
  a.chargeCurrent === b.chargeCurrent &&
  a.maxCurrent === b.maxCurrent &&
  a.note === b.note;

class Book implements ClaimBook {
  readonly #arbiter: Pick<Arbiter, 'claim' | 'release'>;
  /** The module's own claims by id, as made. */
  readonly #own = new Map<number, ModuleClaim>();
  /** What is on the arbiter, by name in its order (a replaced claim keeps its place there too). */
  readonly #onArbiter = new Map<string, Claim>();
  readonly #notes = new Map<number, string>();
  readonly #changes = new Subject<ClaimChange>();
  claimsVersion = 0;
  overrideVersion = 0;

  constructor(arbiter: Pick<Arbiter, 'claim' | 'release'>) {
    this.#arbiter = arbiter;
  }

  get changes$(): Observable<ClaimChange> {
    return this.#changes.asObservable();
  }

  /** The arbiter's form of a claim. */
  #core(c: ModuleClaim): Claim {
    const p = c.properties;
    const note = this.#notes.get(c.client);
    return {
      client: clientName(c.client),
      priority: c.priority,
      ...(p.state === undefined ? {} : { state: p.state }),
      ...(p.charge_current === undefined ? {} : { chargeCurrent: amps(p.charge_current) }),
      ...(p.max_current === undefined ? {} : { maxCurrent: amps(p.max_current) }),
      ...(note === undefined ? {} : { note }),
    };
  }

  #onto(claim: Claim): void {
    this.#arbiter.claim(claim);
    this.#onArbiter.set(claim.client, { ...claim });
  }

  #off(name: string): void {
    this.#onArbiter.delete(name);
    this.#arbiter.release(name);
  }

  /**
   * Tell of a change to the claim `client` shows (`before` it); the counters count only what
   * the module's view shows changing (re-posting the same is no change, WIFI-API.md §7.4).
   */
  #changed(client: number | undefined, before: ModuleClaim | undefined): void {
    const claim = client === undefined ? undefined : this.get(client);
    if (client !== undefined && !sameClaim(before, claim)) {
      this.claimsVersion = (this.claimsVersion + 1) & 0xff;
      if (client === CLIENTS.manual.id) this.overrideVersion = (this.overrideVersion + 1) & 0xff;
    }
    this.#changes.next({ client: client ?? null, claim: claim ?? null });
  }

  put(client: number, properties: ClaimProperties, priority: number): boolean {
    const old = this.#own.get(client);
    if (old && old.priority === priority && sameProperties(old.properties, properties)) {
      return false;
    }
    const before = this.get(client);
    const claim: ModuleClaim = { client, priority, properties };
    this.#onto(this.#core(claim));
    this.#own.set(client, claim);
    this.#changed(client, before);
    return true;
  }

  drop(client: number): boolean {
    const before = this.get(client);
    if (!this.#own.delete(client)) return false;
    this.#notes.delete(client);
    this.#off(clientName(client));
    this.#changed(client, before);
    return true;
  }

  // The arbiter's own interface, for the OCPP charge point (its claims carry a note).
  claim(claim: Claim): void {
    const id = clientId(claim.client);
    if (id === undefined) {
      // No module id: on the arbiter as it is, never under another client's id.
      const shown = FOLDED_CLIENTS.get(claim.client)?.id;
      const before = shown === undefined ? undefined : this.get(shown);
      const old = this.#onArbiter.get(claim.client);
      this.#onto(claim);
      if (old === undefined || !sameCore(old, claim)) this.#changed(shown, before);
      return;
    }
    if (claim.note === undefined) this.#notes.delete(id);
    else this.#notes.set(id, claim.note);
    const props = coreProperties(claim, this.#own.get(id)?.properties.auto_release ?? false);
    if (!this.put(id, props, claim.priority)) this.#onto(claim); // a new note
  }

  release(client: string): void {
    const id = clientId(client);
    if (id !== undefined) {
      this.drop(id);
      return;
    }
    if (!this.#onArbiter.has(client)) return;
    const shown = FOLDED_CLIENTS.get(client)?.id;
    const before = shown === undefined ? undefined : this.get(shown);
    this.#off(client);
    this.#changed(shown, before);
  }

  get(client: number): ModuleClaim | undefined {
    const own = this.#own.get(client);
    const folded: Claim[] = [];
    let into: ClaimClient | undefined;
    for (const [name, c] of FOLDED_CLIENTS) {
      const on = this.#onArbiter.get(name);
      if (c.id === client && on) {
        folded.push(on);
        into = c;
      }
    }
    return into === undefined ? own : foldClaim(into, own, folded);
  }

  list(): readonly ModuleClaim[] {
    const ids = new Set(this.#own.keys());
    for (const [name, c] of FOLDED_CLIENTS) if (this.#onArbiter.has(name)) ids.add(c.id);
    return [...ids].flatMap((id) => this.get(id) ?? []);
  }

  arbiterClaims(): readonly Claim[] {
    return [...this.#onArbiter.values()];
  }

  target(): ArbiterTarget | null {
    return resolveTarget(this.#onArbiter.values());
  }

  targetJson(): Record<string, unknown> {
    // Each claim on the arbiter, in its order, with the module id it shows in (if any): the
    // module's own properties as posted, the others' as the arbiter has them.
    const votes = [...this.#onArbiter.values()].map((c) => {
      const id = clientId(c.client);
      const own = id === undefined ? undefined : this.#own.get(id);
      return {
        client: shownAs(c.client),
        priority: c.priority,
        properties: own?.properties ?? coreProperties(c, false),
      };
    });
    const t = this.target();
    return targetJson(t && { state: t.state, client: shownAs(t.client) }, votes);
  }

  sessionEnded(): void {
    for (const c of [...this.#own.values()]) {
      if (c.properties.auto_release) this.drop(c.client);
    }
  }
}

/**
 * The claim book over `arbiter` (core's `createArbiter(station)`). Give the book, not the
 * arbiter, to the OCPP charge point so the module's API sees its claim.
 */
export function createClaimBook(arbiter: Pick<Arbiter, 'claim' | 'release'>): ClaimBook {
  return new Book(arbiter);
}

/**
 * `PATCH /override`, MQTT `override/set toggle` (WIFI-API.md §8): an override is released;
 * without one, the manual client claims the opposite of the present target.
 */
export function toggleOverride(book: ClaimBook): void {
  if (book.drop(CLIENTS.manual.id)) return;
  const now = book.target()?.state ?? 'active';
  book.put(
    CLIENTS.manual.id,
    { state: now === 'active' ? 'disabled' : 'active', auto_release: true },
    CLIENTS.manual.priority,
  );
}
