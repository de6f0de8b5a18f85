/**
 * The reference clients' requests (fixtures/clients.json, recorded from their public sources)
 * replayed against a real server of the package over an emulated station; each answer is read
 * the way that client reads it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Rig, startRig } from './support/rig.js';

interface Step {
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
interface ClientFixture {
  client: string;
  source: { repo: string; file: string; commit: string };
  requests: Step[];
}

const fixtures = JSON.parse(readFileSync(new URL('fixtures/clients.json', import.meta.url), 'utf8'))
  .clients as ClientFixture[];

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

async function check(rig: Rig, step: Step): Promise<void> {
  const e = step.expect;
  if (e.parse === 'poll') {
    await expect
      .poll(
        async () =>
          ((await call(`${rig.url}${step.url}`)).json as Record<string, unknown>)[e.key ?? ''],
        { timeout: 10_000 },
      )
      .toEqual(e.value);
    return;
  }
  const r = await call(`${rig.url}${step.url}`, init(step));
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
      if (step.url.endsWith('GS')) expect(Number.parseInt(tokens[1] ?? '', 10)).toBe(1);
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

describe.each(fixtures)('$client', (fixture) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig.close();
  });

  it(`names its source (${fixture.source.repo})`, () => {
    expect(fixture.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.requests.length).toBeGreaterThan(2);
  });

  it('gets what it needs from every request, in order', async () => {
    for (const step of fixture.requests) await check(rig, step);
  }, 60_000);
});
