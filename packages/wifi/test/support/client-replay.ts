/**
 * The reference clients' requests (fixtures/clients.json, recorded from their public sources)
 * and how each client reads the answers: replayed against the package's server in
 * clients.test.ts and against `evse emulate --wifi` / `evse bridge --wifi` in apps/cli.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { call } from './rig.js';

export interface Step {
  name: string;
  method: string;
  url: string;
  form?: Record<string, string>;
  json?: unknown;
  expect: {
    status: number;
    parse: string;
    ok?: boolean;
    fields?: number;
    first?: string;
    keys?: string[];
    msg?: string;
    key?: string;
    value?: unknown;
    stateIn?: number[];
    versionAtLeast?: string;
  };
}
export interface ClientFixture {
  client: string;
  source: { repo: string; file: string; commit: string };
  requests: Step[];
}

export const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/clients.json', import.meta.url), 'utf8'),
).clients as ClientFixture[];

/** XOR of the bytes before `^` must be the hex after it (miniconfig's parse_checksum). */
function checksumOk(ret: string): boolean {
  const at = ret.lastIndexOf('^');
  if (at < 0) return true;
  let sum = 0;
  for (const b of Buffer.from(ret.slice(0, at))) sum ^= b;
  return sum === Number.parseInt(ret.slice(at + 1), 16);
}

function init(step: Step): RequestInit {
  if (step.form) {
    return {
      method: step.method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(step.form).toString(),
    };
  }
  if (step.json !== undefined) {
    return {
      method: step.method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(step.json),
    };
  }
  return { method: step.method };
}

const semver = (v: string) => (/(\d+)\.(\d+)\.(\d+)/.exec(v) ?? []).slice(1).map(Number);

/** What the station is expected to show while a fixture is replayed. */
export interface ReplayOptions {
  /** `$GS`'s state (decimal, as tiramiseb parses it). @default 1 (no EV, awake) */
  readonly gsState?: number;
  /**
   * Skip the polls of `state`/`status` after an override: behind `evse bridge --wifi` the OCPP
   * claim outranks the manual override (WIFI-API.md §7.1), so it is accepted and listed but
   * does not change the state. @default false
   */
  readonly ocppHoldsState?: boolean;
}

/** Send one recorded request to the module at `url` and read the answer as the client does. */
export async function replayStep(
  url: string,
  step: Step,
  options: ReplayOptions = {},
): Promise<void> {
  const e = step.expect;
  if (e.parse === 'poll') {
    if (options.ocppHoldsState && (e.key === 'state' || e.key === 'status')) return;
    await expect
      .poll(
        async () =>
          ((await call(`${url}${step.url}`)).json as Record<string, unknown>)[e.key ?? ''],
        { timeout: 10_000 },
      )
      .toEqual(e.value);
    return;
  }
  const r = await call(`${url}${step.url}`, init(step));
  expect(r.status, step.name).toBe(e.status);
  const body = r.json as Record<string, unknown>;
  switch (e.parse) {
    case 'tiramiseb': {
      // `$([^^]*)(^..)?` on ret, split on spaces; first token OK = success.
      const m = /^\$([^^]*)(\^..)?/.exec(String(body['ret']));
      expect(m, step.name).not.toBeNull();
      const tokens = (m?.[1] ?? '').split(/\s+/).filter(Boolean);
      expect(tokens[0] === 'OK').toBe(e.ok);
      if (e.fields !== undefined) expect(tokens.length - 1).toBe(e.fields);
      if (e.first !== undefined) expect(tokens[1]).toBe(e.first);
      // status(): the first field parsed as decimal (works while not sleeping).
      if (step.url.endsWith('GS'))
        expect(Number.parseInt(tokens[1] ?? '', 10)).toBe(options.gsState ?? 1);
      return;
    }
    case 'miniconfig-html': {
      const m = /<p>&gt;\$([^^]+)(\^..)?<script/.exec(r.text);
      expect(m, step.name).not.toBeNull();
      expect(m?.[1]?.split(/\s+/)[0]).toBe(e.first);
      return;
    }
    case 'miniconfig-json': {
      expect(typeof body['ret']).toBe('string');
      expect(checksumOk(String(body['ret']))).toBe(true);
      expect(String(body['ret']).slice(1).split(/\s+/)[0]).toBe(e.first);
      return;
    }
    case 'keys':
      for (const k of e.keys ?? []) expect(body, `${step.name}: ${k}`).toHaveProperty(k);
      if (e.stateIn) expect(e.stateIn).toContain(body['state']);
      if (e.versionAtLeast) {
        const [a = 0, b = 0, c = 0] = semver(String(body['version']));
        const [x = 0, y = 0, z = 0] = semver(e.versionAtLeast);
        expect(a * 1e6 + b * 1e3 + c).toBeGreaterThanOrEqual(x * 1e6 + y * 1e3 + z);
      }
      return;
    case 'object':
      expect(typeof r.json === 'object' && r.json !== null && !Array.isArray(r.json)).toBe(true);
      return;
    case 'array':
      expect(Array.isArray(r.json)).toBe(true);
      return;
    case 'msg':
      expect(body['msg'], step.name).toBe(e.msg);
      return;
    default:
      throw new Error(`unknown parse ${e.parse}`);
  }
}
