/**
 * The bench's central system, run as its own process so the fleet's figures are the fleet's
 * alone. Prints one JSON line `{ url }` when listening; answers each stdin line `totals`
 * with one JSON line (transactions, energy, open connections, its own RSS); exits on stdin end.
 * Usage: node bench/.out/central.mjs [TAG…]  (tags accepted with unlimited open transactions)
 */
import { createInterface } from 'node:readline';
import { createCentralSystem } from '../packages/ocpp15/src/index.js';

const tags = process.argv.slice(2);
const cs = await createCentralSystem({
  host: '127.0.0.1',
  port: 0,
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
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'totals') return;
  process.stdout.write(
    `${JSON.stringify({
      totals: cs.totals(),
      connections: cs.connections().length,
      stations: cs.stations().length,
      rss: process.memoryUsage().rss,
    })}\n`,
  );
});
lines.on('close', () => {
  void cs.close().then(() => process.exit(0));
});
