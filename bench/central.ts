/**
 * The bench's central system, run as its own process so the fleet's figures are the fleet's
 * alone. Prints one JSON line `{ url }` when listening; answers each stdin line with one JSON
 * line; exits on stdin end. Commands:
 *   `totals`            transactions, energy, open connections, its own RSS and CPU time
 *   `config KEY VALUE`  ChangeConfiguration KEY=VALUE to every connected station (as an
 *                       operator would from SteVe), e.g. `config MeterValueSampleInterval 1`
 *                       for the throughput phase; answers how many accepted
 * Usage: node bench/.out/central.mjs [--port N] [TAG…]  (tags accepted with unlimited open
 * transactions; --port for a fixed port, default a free one)
 */
import { createInterface } from 'node:readline';
// @evse/ocpp16/central: the same strict central system, serving 1.6J beside 1.5J.
import { createCentralSystem } from '../packages/ocpp16/src/central/index.js';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args.splice(portAt, 2)[1]) : 0;
const tags = args;
const cs = await createCentralSystem({
  host: '127.0.0.1',
  port,
  allow: 'any',
  // One tag shared by thousands of EVs: SteVe's "max active transactions" set high.
  tags: Object.fromEntries(
    (tags.length > 0 ? tags : ['FLEET-TAG']).map((t) => [
      t,
      { status: 'Accepted' as const, maxActiveTransactions: 1_000_000 },
    ]),
  ),
});
process.stdout.write(`${JSON.stringify({ url: cs.url })}\n`);

const reply = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

/** ChangeConfiguration to every connected station, at most 256 in flight. */
async function configureAll(key: string, value: string): Promise<Record<string, number>> {
  const ids = [...new Set(cs.connections().map((c) => c.chargeBoxId))];
  const t0 = performance.now();
  const counts: Record<string, number> = { stations: ids.length, failed: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      try {
        const { status } = await cs.call(id, 'ChangeConfiguration', { key, value });
        counts[status] = (counts[status] ?? 0) + 1;
      } catch {
        counts['failed'] = (counts['failed'] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: 256 }, worker));
  counts['ms'] = Math.round(performance.now() - t0);
  return counts;
}

/** RSS, or -1 when even /proc cannot be opened (at the open-file limit: EMFILE). */
const rss = (): number => {
  try {
    return process.memoryUsage().rss;
  } catch {
    return -1;
  }
};

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, key, value] = line.trim().split(/\s+/);
  if (command === 'totals') {
    const cpu = process.cpuUsage();
    reply({
      totals: cs.totals(),
      connections: cs.connections().length,
      stations: cs.stations().length,
      rss: rss(),
      cpuMs: (cpu.user + cpu.system) / 1000,
      atMs: performance.now(),
    });
  } else if (command === 'config' && key && value !== undefined) {
    void configureAll(key, value).then(reply);
  }
});
lines.on('close', () => {
  void cs.close().then(() => process.exit(0));
});
