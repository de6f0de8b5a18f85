/**
 * RAPI throughput and latency of the real client against the emulator, three ways:
 * in-process (the emulator's Transport), over TCP (serveTcp ⇄ openTcpTransport) and over a
 * pseudo-terminal (servePty via socat ⇄ openSerialTransport, the serialport package).
 * One command at a time, as the ESP32 WiFi module talks to the controller (RAPI.md §2).
 * Each figure is printed with its ratio to the 115200-baud wire floor for the same bytes
 * (10 bits per byte, 8N1): the best a real serial line could do. On the TCP and PTY paths the
 * same run also measures a trivial responder (canned replies, the emulator's own bytes, sent
 * the moment a line ends) and prints our ratio to it: what the emulator itself costs on top of
 * the path. Prints a JSON summary last.
 * Run: node --import tsx --conditions=@evse/source bench/rapi.ts   (or `pnpm bench`)
 */
import { existsSync } from 'node:fs';
import { Subject } from 'rxjs';
import { createRapiClient } from '../packages/core/src/index.js';
import {
  createEmulator,
  type DevicePort,
  servePty,
  serveTcp,
} from '../packages/transport-emulator/src/index.js';
import { openSerialTransport, openTcpTransport } from '../packages/transport-serial/src/index.js';
import { fmt, percentile, printTable, type Row } from './report.js';

const BAUD = 115_200;
const BITS_PER_BYTE = 10; // start + 8 data + stop
/** A typical polling mix (what the ESP32 asks every few seconds). */
const MIX = ['GS', 'GE', 'GG', 'GU', 'GP', 'GV'] as const;
const TARGET_IN_PROCESS = 50_000;

type Transport = Parameters<typeof createRapiClient>[0];

interface Result {
  name: string;
  commands: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  bytesPerCommand: number;
  floorPerSecond: number;
}

async function measure(name: string, transport: Transport, commands: number): Promise<Result> {
  const client = createRapiClient(transport, { timeoutMs: 5000 });
  let bytes = 0;
  let counting = false;
  // +1: the `\r` terminator the traffic log leaves out.
  const sub = client.traffic$.subscribe((t) => {
    if (counting) bytes += t.line.length + 1;
  });
  for (let i = 0; i < Math.min(2000, commands); i++)
    await client.request(MIX[i % MIX.length] as string); // warm-up
  const latencies = new Float64Array(commands);
  counting = true;
  const t0 = performance.now();
  for (let i = 0; i < commands; i++) {
    const s = performance.now();
    await client.request(MIX[i % MIX.length] as string);
    latencies[i] = performance.now() - s;
  }
  const seconds = (performance.now() - t0) / 1000;
  counting = false;
  sub.unsubscribe();
  await client.close();
  const bytesPerCommand = bytes / commands;
  return {
    name,
    commands,
    perSecond: commands / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    bytesPerCommand,
    floorPerSecond: BAUD / BITS_PER_BYTE / bytesPerCommand,
  };
}

/** The emulator's idle reply to each command of the mix (recorded once, replayed by `Trivial`). */
async function cannedReplies(): Promise<Map<string, string>> {
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
  await new Promise((r) => setTimeout(r, 50));
  let out = '';
  const sub = emulator.device.output$.subscribe((t) => {
    out += t;
  });
  const canned = new Map<string, string>();
  for (const code of MIX) {
    out = '';
    emulator.device.receive(`$${code}\r`);
    canned.set(code, out);
  }
  sub.unsubscribe();
  await emulator.close();
  return canned;
}

/** A device that answers every line at once with a canned reply: the path's own cost. */
class Trivial implements DevicePort {
  private readonly subject = new Subject<string>();
  readonly output$ = this.subject.asObservable();
  private buffer = '';
  private readonly canned: Map<string, string>;
  constructor(canned: Map<string, string>) {
    this.canned = canned;
  }
  receive(chunk: string): void {
    this.buffer += chunk;
    for (let i = this.buffer.indexOf('\r'); i >= 0; i = this.buffer.indexOf('\r')) {
      const code = this.buffer.slice(1, 3);
      this.buffer = this.buffer.slice(i + 1);
      this.subject.next(this.canned.get(code) ?? '$NK^21\r');
    }
  }
}

const results: Result[] = [];
const canned = await cannedReplies();
const quick = process.argv.includes('--quick');
{
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
  await new Promise((r) => setTimeout(r, 50));
  results.push(await measure('in-process', emulator.transport, quick ? 5_000 : 50_000));
  await emulator.close();
}
{
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
  const server = await serveTcp(emulator.device, { host: '127.0.0.1', port: 0 });
  const transport = await openTcpTransport({ host: '127.0.0.1', port: server.address.port });
  results.push(await measure('TCP (127.0.0.1)', transport, quick ? 2_000 : 20_000));
  await server.close();
  await emulator.close();
}
{
  const server = await serveTcp(new Trivial(canned), { host: '127.0.0.1', port: 0 });
  const transport = await openTcpTransport({ host: '127.0.0.1', port: server.address.port });
  results.push(await measure('TCP, trivial responder', transport, quick ? 2_000 : 20_000));
  await server.close();
}
if (existsSync('/usr/bin/socat')) {
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
  const pty = await servePty(emulator.device);
  const transport = await openSerialTransport({ path: pty.path, baudRate: BAUD, lock: false });
  results.push(await measure('PTY (socat + serialport)', transport, quick ? 1_000 : 10_000));
  await pty.close();
  await emulator.close();
  const trivial = await servePty(new Trivial(canned));
  const t2 = await openSerialTransport({ path: trivial.path, baudRate: BAUD, lock: false });
  results.push(await measure('PTY, trivial responder', t2, quick ? 1_000 : 10_000));
  await trivial.close();
} else {
  process.stdout.write('PTY: skipped (no /usr/bin/socat)\n');
}

/** Our commands/s over the trivial responder's on the same path (1 = the emulator costs nothing). */
function vsTrivial(r: Result): string {
  if (r.name.includes('trivial')) return '–';
  const path = r.name.split(' ')[0] as string;
  const base = results.find((x) => x.name.startsWith(`${path},`) && x.name.includes('trivial'));
  return base ? `${fmt(r.perSecond / base.perSecond, 2)}×` : '–';
}

const rows: Row[] = results.map((r) => [
  r.name,
  fmt(r.perSecond, 0),
  fmt(r.p50Ms, 3),
  fmt(r.p99Ms, 3),
  fmt(r.bytesPerCommand, 1),
  fmt(r.floorPerSecond, 0),
  `${fmt(r.perSecond / r.floorPerSecond, 1)}×`,
  vsTrivial(r),
  r.name === 'in-process'
    ? `≥ ${TARGET_IN_PROCESS} ${r.perSecond >= TARGET_IN_PROCESS ? 'met' : 'MISSED'} (${fmt(r.perSecond / TARGET_IN_PROCESS, 2)}×)`
    : '–',
]);
printTable(
  'RAPI: one command at a time (mix GS GE GG GU GP GV)',
  [
    'transport',
    'commands/s',
    'p50 ms',
    'p99 ms',
    'bytes/cmd',
    '115200-baud floor cmd/s',
    'vs floor',
    'vs trivial responder',
    'target',
  ],
  rows,
);
const ratios = Object.fromEntries(
  results.filter((r) => !r.name.includes('trivial')).map((r) => [r.name, vsTrivial(r)]),
);
process.stdout.write(`${JSON.stringify({ bench: 'rapi', results, vsTrivial: ratios })}\n`);
process.exit(0);
