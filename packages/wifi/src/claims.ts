/**
 * The claim book: the module's claims (WIFI-API.md §7–9) kept in its own form (numeric
 * client ids, optional properties, `auto_release`, version counters) and put on core's
 * arbiter — the one sender of `$FS`/`$FE`/`$SC n V`. It is also a drop-in for the arbiter
 * where the OCPP charge point claims (`claim`/`release`), so `/claims` lists OCPP's claim too
 * and the arbiter orders them all (OCPP 1050 above manual 1000, WIFI-API.md §7.1).
 */
import { type Arbiter, type ArbiterTarget, type Claim, resolveTarget } from '@evse/core';
import { type Observable, Subject } from 'rxjs';
import { CLIENTS, clientId, clientName } from './clients.js';
import { type ClaimProperties, propertiesJson, sameProperties } from './properties.js';

/** One claim as the module's API shows it. */
export interface ModuleClaim {
  readonly client: number;
  readonly priority: number;
  readonly properties: ClaimProperties;
}

/** What changed: a claim made, changed or released. */
export interface ClaimChange {
  readonly client: number;
  readonly claim: ModuleClaim | null;
}

export interface ClaimBook extends Pick<Arbiter, 'claim' | 'release'> {
  /** Make or replace `client`'s claim; false when it was already exactly that. */
  put(client: number, properties: ClaimProperties, priority: number): boolean;
  /** Release `client`'s claim; false when it had none. */
  drop(client: number): boolean;
  get(client: number): ModuleClaim | undefined;
  list(): readonly ModuleClaim[];
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

class Book implements ClaimBook {
  readonly #arbiter: Pick<Arbiter, 'claim' | 'release'>;
  readonly #claims = new Map<number, ModuleClaim>();
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

  #bump(client: number, claim: ModuleClaim | null): void {
    this.claimsVersion = (this.claimsVersion + 1) & 0xff;
    if (client === CLIENTS.manual.id) this.overrideVersion = (this.overrideVersion + 1) & 0xff;
    this.#changes.next({ client, claim });
  }

  put(client: number, properties: ClaimProperties, priority: number): boolean {
    const old = this.#claims.get(client);
    if (old && old.priority === priority && sameProperties(old.properties, properties)) {
      return false;
    }
    const claim: ModuleClaim = { client, priority, properties };
    this.#claims.set(client, claim);
    this.#arbiter.claim(this.#core(claim));
    this.#bump(client, claim);
    return true;
  }

  drop(client: number): boolean {
    if (!this.#claims.delete(client)) return false;
    this.#notes.delete(client);
    this.#arbiter.release(clientName(client));
    this.#bump(client, null);
    return true;
  }

  // The arbiter's own interface, for the OCPP charge point (its claims carry a note).
  claim(claim: Claim): void {
    const id = clientId(claim.client);
    if (claim.note === undefined) this.#notes.delete(id);
    else this.#notes.set(id, claim.note);
    const props: ClaimProperties = {
      ...(claim.state === undefined ? {} : { state: claim.state }),
      ...(claim.chargeCurrent === undefined ? {} : { charge_current: claim.chargeCurrent }),
      ...(claim.maxCurrent === undefined ? {} : { max_current: claim.maxCurrent }),
      auto_release: this.#claims.get(id)?.properties.auto_release ?? false,
    };
    if (!this.put(id, props, claim.priority)) this.#arbiter.claim(claim); // a new note
  }

  release(client: string): void {
    this.drop(clientId(client));
  }

  get(client: number): ModuleClaim | undefined {
    return this.#claims.get(client);
  }

  list(): readonly ModuleClaim[] {
    return [...this.#claims.values()];
  }

  target(): ArbiterTarget | null {
    return resolveTarget([...this.#claims.values()].map((c) => this.#core(c)));
  }

  targetJson(): Record<string, unknown> {
    const t = this.target();
    let cap: ModuleClaim | null = null;
    for (const c of this.#claims.values()) {
      const m = c.properties.max_current;
      if (m !== undefined && (cap === null || c.priority > cap.priority)) cap = c;
    }
    let current: ModuleClaim | null = null;
    for (const c of this.#claims.values()) {
      const a = c.properties.charge_current;
      if (a !== undefined && (current === null || c.priority > current.priority)) current = c;
    }
    const stateClient = t === null ? 0 : clientId(t.client);
    return {
      properties: propertiesJson({
        state: t?.state ?? 'active',
        ...(current ? { charge_current: current.properties.charge_current } : {}),
        ...(cap ? { max_current: cap.properties.max_current } : {}),
        auto_release: false,
      }),
      claims: {
        ...(t === null || stateClient === 0 ? {} : { state: stateClient }),
        ...(current ? { charge_current: current.client } : {}),
        ...(cap ? { max_current: cap.client } : {}),
      },
    };
  }

  sessionEnded(): void {
    for (const c of [...this.#claims.values()]) {
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
