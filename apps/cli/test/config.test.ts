// --config FILE and EVSE_<OPTION> variables (issue 14 item 5): the real program's option
// definitions and hooks, each command's action replaced by one that keeps the options it got.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHUTDOWN_WAIT_S } from '../src/bridge/shutdown.js';
import { configurableOptions } from '../src/config/apply.js';
import { SERVICE_COMMANDS } from '../src/config/service.js';
import { run } from '../src/index.js';
import { createOutput } from '../src/io/output.js';
import { buildProgram } from '../src/program.js';
import { memoryIo } from './support/memory-io.js';

const dir = mkdtempSync(join(tmpdir(), 'evse-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = new URL('../../../', import.meta.url);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Parse `argv` with the real program; the options the command's action would get. */
async function resolve(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; options?: Record<string, unknown>; err: string; out: string }> {
  const io = memoryIo({ env });
  const ctx = { io, out: createOutput(io.stdout), signal: new AbortController().signal };
  const program = buildProgram(ctx);
  let options: Record<string, unknown> | undefined;
  for (const cmd of program.commands)
    cmd.action((opts: Record<string, unknown>) => {
      options = opts;
    });
  let code = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    code = (error as { exitCode?: number }).exitCode === 2 ? 2 : 1;
    if ((error as { code?: string }).code?.startsWith('commander.')) code = 2;
  }
  return { code, err: io.err(), out: io.out(), ...(options ? { options } : {}) };
}

const BRIDGE = file(
  'bridge.toml',
  'port = "emulator"\nocpp = "ws://127.0.0.1:8180/ocpp"\nid = "CP-FILE"\nshutdown-wait = 3\n',
);

describe('precedence: flags > environment > config file > defaults', () => {
  it('a file gives the required options; a variable beats it; a flag beats both', async () => {
    const fromFile = await resolve(['bridge', '--config', BRIDGE]);
    expect(fromFile.err).toBe('');
    expect(fromFile.options).toMatchObject({ port: 'emulator', id: 'CP-FILE', shutdownWait: 3 });
    expect(String(fromFile.options?.['ocpp'])).toBe('ws://127.0.0.1:8180/ocpp');
    const fromEnv = await resolve(['bridge', `--config=${BRIDGE}`], {
      EVSE_ID: 'CP-ENV',
    });
    expect(fromEnv.options).toMatchObject({ id: 'CP-ENV', shutdownWait: 3 });
    const fromFlag = await resolve(['bridge', '--config', BRIDGE, '--id', 'CP-FLAG'], {
      EVSE_ID: 'CP-ENV',
    });
    expect(fromFlag.options).toMatchObject({ id: 'CP-FLAG', port: 'emulator' });
  });

  it('defaults stay when nothing sets an option; EVSE_CONFIG names the file', async () => {
    const r = await resolve(['bridge'], {
      EVSE_CONFIG: file('min.json', '{"port":"emulator","ocpp":"ws://h/o","id":"A"}'),
    });
    expect(r.options).toMatchObject({
      shutdownWait: DEFAULT_SHUTDOWN_WAIT_S,
      logFormat: 'text',
      id: 'A',
    });
    expect(r.options?.['json']).toBeUndefined();
  });

  it('a list option from a flag replaces the one from the file or environment', async () => {
    const path = file('central.toml', 'allow = ["CP-1", "CP-2"]\ntags = "T1,T2"\n');
    expect((await resolve(['central', '--config', path])).options).toMatchObject({
      allow: ['CP-1', 'CP-2'],
      tags: ['T1', 'T2'],
    });
    const env = { EVSE_ALLOW: 'CP-3' };
    expect((await resolve(['central', '--config', path], env)).options?.['allow']).toEqual([
      'CP-3',
    ]);
    const flag = await resolve(['central', '--config', path, '--allow', 'CP-4'], env);
    expect(flag.options?.['allow']).toEqual(['CP-4']);
    expect(flag.options?.['tags']).toEqual(['T1', 'T2']);
  });

  it('flags are booleans in a file and 1/0 in the environment; --no-X as no-X', async () => {
    const path = file('emulate.toml', 'no-tcp = true\nauth-lock = true\nbootlock = false\n');
    const r = await resolve(['emulate', '--config', path], { EVSE_JSON: '1', EVSE_NO_HTTP: 'no' });
    expect(r.options).toMatchObject({ tcp: false, authLock: true, json: true });
    expect(r.options?.['bootlock']).toBeUndefined();
    expect(r.options?.['http']).toMatchObject({ port: 8024 }); // EVSE_NO_HTTP=no: left on
  });
});

describe('variables shared with evse ev', () => {
  it('EVSE_HTTP, the URL evse ev talks to, is where evse emulate serves', async () => {
    const r = await resolve(['emulate'], { EVSE_HTTP: 'http://127.0.0.1:8124' });
    expect(r.options?.['http']).toEqual({ host: '127.0.0.1', port: 8124 });
  });
});

describe('mistakes are usage errors (exit 2) that say where', () => {
  it.each([
    ['toml', 'prot = "emulator"\n'],
    ['json', '{"prot": "emulator"}'],
  ])('an unknown key in a .%s file names the key and the file', async (ext, text) => {
    const path = file(`unknown.${ext}`, text);
    const io = memoryIo();
    expect(await run(['bridge', '--config', path], io)).toBe(2);
    expect(io.err()).toContain(`${path}: unknown key "prot"`);
  });

  it('a bad value names the key and the file, or the variable, and never repeats a secret', async () => {
    const path = file('bad.toml', 'port = "emulator"\nid = "CP-1"\nocpp = "http://x"\n');
    const io = memoryIo();
    expect(await run(['bridge', '--config', path], io)).toBe(2);
    expect(io.err()).toContain(`${path}: ocpp: expected a ws:// or wss:// URL`);

    const secret = 'not a token but secret';
    const io2 = memoryIo({ env: { EVSE_TOKEN: secret } });
    expect(await run(['bridge', '--config', BRIDGE], io2)).toBe(2);
    expect(io2.err()).toContain('EVSE_TOKEN: ');
    expect(io2.err()).not.toContain(secret);

    const json = file('secret.json', '{"port": "emulator", "token": s3cr3t-value}');
    const io3 = memoryIo();
    expect(await run(['bridge', '--config', json], io3)).toBe(2);
    expect(io3.err()).toContain(`${json} is not valid JSON`);
    expect(io3.err()).not.toContain('s3cr3t-value');
  });

  it('a flag given a bad value in the environment is a usage error naming the variable', async () => {
    const io = memoryIo({ env: { EVSE_JSON: 'maybe' } });
    expect(await run(['central', '--listen', '127.0.0.1:0'], io)).toBe(2);
    expect(io.err()).toContain('EVSE_JSON: expected true or false');
  });

  it('a missing file, a wrong extension and --config on another command are refused', async () => {
    for (const argv of [
      ['fleet', '--config', join(dir, 'absent.toml')],
      ['fleet', '--config', file('fleet.yaml', 'count: 1\n')],
      ['rapi', 'emulator', 'GV', '--config', BRIDGE],
    ]) {
      const io = memoryIo();
      expect(await run(argv, io), argv.join(' ')).toBe(2);
    }
  });
});

describe('the example files in deploy/', () => {
  it.each([
    ['bridge', 'deploy/bridge.example.toml'],
    ['central', 'deploy/central.example.json'],
  ])('evse %s reads %s: every key is one of its options', async (name, example) => {
    const path = new URL(example, root).pathname;
    const r = await resolve([name, '--config', path]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.options).toBeDefined();
  });

  it('every service command takes --config and --log-format', () => {
    const io = memoryIo();
    const program = buildProgram({
      io,
      out: createOutput(io.stdout),
      signal: new AbortController().signal,
    });
    for (const name of SERVICE_COMMANDS) {
      const cmd = program.commands.find((c) => c.name() === name);
      if (!cmd) throw new Error(`no command ${name}`);
      expect(
        cmd.options.some((o) => o.long === '--config'),
        name,
      ).toBe(true);
      expect(configurableOptions(cmd).has('log-format'), name).toBe(true);
    }
  });
});
