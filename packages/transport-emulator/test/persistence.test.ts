import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, createVirtualClock } from '../src/index.js';
import { drive } from './support/drive.js';

describe('EEPROM state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evse-emu-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('settings, counters and lifetime Wh survive a restart; volatile state does not', async () => {
    const stateFile = join(dir, 'eeprom.json');
    const a = drive({ stateFile });
    expect(a.ask('$SC 16')).toBe('$OK 16');
    expect(a.ask('$FF D 0')).toBe('$OK');
    expect(a.ask('$SV 230000')).toBe('$OK'); // volatile
    a.emu.control.plugIn();
    a.emu.control.startCharging();
    a.advance(20 * 60_000);
    const ws = Number(a.ask('$GU').split(' ')[1]);
    a.emu.control.unplug();
    a.advance(1000);
    const wh = Math.floor(ws / 3600);
    expect(wh).toBeGreaterThan(1000); // 16 A × 230 V × 20 min ≈ 1227 Wh
    expect(a.ask('$GU')).toBe(`$OK ${ws} ${wh}`);
    expect(a.ask('$SY 5 6')).toBe('$OK 5 6 0');
    await a.close();
    // Only the state file is left: the temp file was renamed over it.
    expect(readdirSync(dir)).toEqual(['eeprom.json']);

    const b = drive({ stateFile });
    expect(b.ask('$GC')).toBe('$OK 6 80 16 16');
    expect(b.ask('$GE')).toBe('$OK 16 0003');
    expect(b.ask('$GY')).toBe('$OK 5 6 0');
    expect(b.ask('$GU')).toBe(`$OK 0 ${wh}`);
    expect(b.ask('$GG')).toBe('$OK 0 240000'); // $SV was volatile
    await b.close();
  });

  it('a damaged state file is reported and left untouched', () => {
    const stateFile = join(dir, 'eeprom.json');
    writeFileSync(stateFile, '{"format":"evse-emulator-eeprom/1","eeprom":{"flags":"x"}}');
    expect(() => createEmulator({ stateFile, clock: createVirtualClock() })).toThrow(
      /not valid: EEPROM field "flags"/,
    );
    writeFileSync(stateFile, 'not json');
    expect(() => createEmulator({ stateFile, clock: createVirtualClock() })).toThrow(/not valid/);
    expect(readFileSync(stateFile, 'utf8')).toBe('not json');
  });

  // AUDIT-2026-12.md #17: every unusable --state-file fails at start, naming path and reason.
  it.each([
    [
      'a missing directory',
      (d: string) => join(d, 'nowhere', 'x.json'),
      /cannot be created: directory .*nowhere does not exist$/,
    ],
    ['a directory', (d: string) => d, /cannot be read: it is a directory$/],
    [
      'a JSON array',
      (d: string) => put(d, '[]'),
      /not an emulator state file \(its "format" must be "evse-emulator-eeprom\/1"\)/,
    ],
    ['another JSON object', (d: string) => put(d, '{"foo":1}'), /not an emulator state file/],
    ['JSON null', (d: string) => put(d, 'null'), /not an emulator state file/],
    [
      'text over two lines',
      (d: string) => put(d, 'garbage\nmore'),
      /^[^\n]*is not valid: not JSON \([^\n]*\)$/,
    ],
  ])('fails at start on %s, naming the path and the reason', (_what, pathIn, why) => {
    const stateFile = pathIn(dir);
    const before = readdirSync(dir).sort();
    expect(() => createEmulator({ stateFile, clock: createVirtualClock() })).toThrow(why);
    expect(() => createEmulator({ stateFile, clock: createVirtualClock() })).toThrow(stateFile);
    expect(readdirSync(dir).sort()).toEqual(before); // nothing created or moved
  });

  it('a state file that cannot be written is reported on errors$; the command succeeds and the next change saves', async () => {
    const home = join(dir, 'gone');
    mkdirSync(home);
    const stateFile = join(home, 'eeprom.json');
    const a = drive({ stateFile });
    const errors: Error[] = [];
    const sub = a.emu.errors$.subscribe((e) => errors.push(e));
    rmSync(home, { recursive: true }); // the directory disappears under the running emulator
    expect(a.ask('$SC 12')).toBe('$OK 12'); // answered as before: EEPROM writes never fail a command
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^could not save the state file .*eeprom\.json: ENOENT/),
    ]);
    expect(a.ask('$GE')).toBe('$OK 12 0001'); // kept in memory
    mkdirSync(home);
    expect(a.ask('$SC 14')).toBe('$OK 14');
    expect(errors).toHaveLength(1);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      eeprom: { currentL1: number | null; currentL2: number | null };
    };
    expect([saved.eeprom.currentL1, saved.eeprom.currentL2]).toContain(14);
    sub.unsubscribe();
    await a.close();
  });

  it('writes a JSON file a second instance can read while the first still runs', async () => {
    const stateFile = join(dir, 'eeprom.json');
    const a = drive({ stateFile });
    a.ask('$SK 4242');
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { eeprom: { lifetimeWh: number } };
    expect(saved.eeprom.lifetimeWh).toBe(4242);
    await a.close();
  });
});

/** `text` as `<dir>/state.json`; its path. */
function put(dir: string, text: string): string {
  const path = join(dir, 'state.json');
  writeFileSync(path, text);
  return path;
}
