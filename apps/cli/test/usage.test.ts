// Every command answers --help, and bad command lines are usage errors with exit code 2.
// The full table runs in-process through run(argv, io) (the same code main.ts calls); the
// child-process tests check that the real `evse` process exits with the same codes.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/evse-cli.js';
import { run } from '../src/index.js';
import { memoryIo } from './support/memory-io.js';

const COMMANDS = [
  'emulate',
  'ev',
  'rapi',
  'watch',
  'bridge',
  'central',
  'ocpp',
  'demo',
  'chart',
  'ports',
];

describe('evse --help', () => {
  it('lists every command and the exit codes (child process)', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const name of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(stdout).toContain('2 usage error');
  }, 60_000);

  it.each(COMMANDS)('evse %s --help prints its usage and examples', async (name) => {
    const io = memoryIo();
    expect(await run([name, '--help'], io)).toBe(0);
    expect(io.out()).toContain(`Usage: evse ${name}`);
    expect(io.out()).toMatch(/Examples?:/);
    expect(io.err()).toBe('');
  });

  it.each([...COMMANDS, 'fleet'])(
    'evse %s --help shows defaults as typed, never as JSON objects',
    async (name) => {
      const io = memoryIo();
      expect(await run([name, '--help'], io)).toBe(0);
      expect(io.out()).not.toMatch(/default: [{[]/);
    },
  );

  it.each([
    { name: 'emulate', defaults: ['127.0.0.1:8023', '127.0.0.1:8024'] },
    { name: 'demo', defaults: ['127.0.0.1:8023', '127.0.0.1:8024', '127.0.0.1:8180'] },
    { name: 'central', defaults: ['127.0.0.1:8180'] },
  ])('evse $name --help shows host:port defaults as HOST:PORT', async ({ name, defaults }) => {
    const io = memoryIo();
    expect(await run([name, '--help'], io)).toBe(0);
    const help = io.out().replace(/\s+/g, ' ');
    for (const text of defaults) {
      expect(help).toContain(`(default: ${text})`);
    }
  });

  it.each([
    { name: 'demo', fallback: '1.6' },
    { name: 'bridge', fallback: '1.5' },
  ])(
    'evse $name --help documents --ocpp-version (default $fallback)',
    async ({ name, fallback }) => {
      const io = memoryIo();
      expect(await run([name, '--help'], io)).toBe(0);
      expect(io.out().replace(/\s+/g, ' ')).toContain(
        `--ocpp-version <version> 1.5, 1.6, or auto: offer both and speak what the central system picks (default: "${fallback}")`,
      );
    },
  );

  it('evse emulate --help lists the firmware versions it emulates', async () => {
    const io = memoryIo();
    expect(await run(['emulate', '--help'], io)).toBe(0);
    expect(io.out().replace(/\s+/g, ' ')).toContain(
      '--firmware <version> controller firmware to emulate (FIELD-FIRMWARE.md §2) (choices: "3.11.3", "4.8.0", "5.0.1", "7.1.3", "8.2.3", default: "8.2.3")',
    );
  });

  it.each(['emulate', 'demo', 'bridge'])(
    'evse %s --help says --http serves the dashboard',
    async (name) => {
      const io = memoryIo();
      expect(await run([name, '--help'], io)).toBe(0);
      expect(io.out().replace(/\s+/g, ' ')).toMatch(/--http <host:port> serve the web dashboard/);
    },
  );

  it('prints help to stderr and exits 2 without a command', async () => {
    const io = memoryIo();
    expect(await run([], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('Usage: evse');
  });
});

describe('usage errors exit with 2 and one readable line', () => {
  const cases: { argv: string[]; message: RegExp }[] = [
    { argv: ['frobnicate'], message: /unknown command 'frobnicate'/ },
    { argv: ['chart', '--bogus'], message: /unknown option '--bogus'/ },
    { argv: ['rapi'], message: /missing required argument 'port'/ },
    { argv: ['rapi', 'ttyUSB0', 'GV'], message: /bad port "ttyUSB0".*did you mean \/dev\/ttyUSB0/ },
    { argv: ['watch', 'tcp://localhost'], message: /tcp:\/\/ needs a port/ },
    { argv: ['rapi', 'emulator'], message: /missing RAPI command/ },
    { argv: ['rapi', 'emulator', 'GV', '-i'], message: /either a command or --interactive/ },
    { argv: ['rapi', 'emulator', 'GSX'], message: /"GSX" is not a RAPI command/ },
    {
      argv: ['emulate', '--profile', 'esp8266'],
      message: /argument 'esp8266' is invalid.*arduino, platformio/,
    },
    { argv: ['emulate', '--tcp', 'localhost:http'], message: /expected HOST:PORT/ },
    {
      argv: ['emulate', '--firmware', '6.0.0'],
      message:
        /option '--firmware <version>' argument '6.0.0' is invalid.*3\.11\.3, 4\.8\.0, 5\.0\.1, 7\.1\.3, 8\.2\.3/,
    },
    { argv: ['emulate', '--baud', 'fast'], message: /--baud <n>.*expected a baud rate/ },
    {
      argv: ['emulate', '--firmware', '3.11.3', '--auth-lock', '--no-tcp', '--no-http'],
      message: /--auth-lock: firmware 3\.11\.3 has no AUTH_LOCK/,
    },
    {
      argv: ['emulate', '--firmware', '7.1.3', '--bootlock', '--no-tcp', '--no-http'],
      message: /--bootlock: firmware 7\.1\.3 has no BOOTLOCK/,
    },
    { argv: ['ev', 'jump'], message: /'jump' is invalid for argument 'action'/ },
    { argv: ['ev', 'fault'], message: /ev fault needs a fault KIND/ },
    { argv: ['ev', 'fault', 'meltdown'], message: /unknown fault kind "meltdown"/ },
    { argv: ['ev', 'connect', 'now'], message: /ev connect takes no value/ },
    { argv: ['ev', 'status', '--http', 'ftp://x'], message: /expected an http/ },
    { argv: ['chart', '--format', 'svg'], message: /argument 'svg' is invalid/ },
    {
      argv: ['bridge', '--port', 'emulator'],
      message: /required option '--ocpp <ws-url>' not specified/,
    },
    {
      argv: ['bridge', '--port', 'emulator', '--ocpp', 'http://x', '--id', 'CP1'],
      message: /expected a ws:\/\/ or wss:\/\/ URL/,
    },
    {
      argv: ['bridge', '--port', 'COM', '--ocpp', 'ws://127.0.0.1:1/x', '--id', 'CP1'],
      message: /bad port "COM"/,
    },
    { argv: ['central', '--allow', 'A', '--allow-any'], message: /cannot be used with/ },
    { argv: ['central', '--listen', '127.0.0.1:99999'], message: /expected HOST:PORT/ },
    { argv: ['demo', '--speed', '0'], message: /expected a number > 0/ },
  ];

  it.each(cases)('evse $argv', async ({ argv, message }) => {
    const io = memoryIo();
    const code = await run(argv, io);
    expect(io.err()).toMatch(message);
    expect(code).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(io.err()).toMatch(/\(add --help for usage\)\n$/);
  });

  it('the real process exits 2 for an unknown command and for a bad port spec', async () => {
    const [unknown, badPort] = await Promise.all([
      runCli(['frobnicate']),
      runCli(['rapi', 'tcp://127.0.0.1:http', 'GV']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(
      /^evse: bad port "tcp:\/\/127.0.0.1:http": port "http" is not a number/m,
    );
    expect(badPort.stdout).toBe('');
  }, 60_000);
});
