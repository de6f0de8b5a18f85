import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCentralSystem, createRpcEndpoint, openSqliteStore } from '@evse/ocpp15';
import { WebSocket } from 'ws';

const db = join(mkdtempSync(join(tmpdir(), 'central-')), 'central.db');
const station = async (url: string) => {
  const socket = new WebSocket(url, 'ocpp1.5');
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, cp: createRpcEndpoint(socket, { role: 'chargePoint' }) };
};

// A transaction starts; then the central system stops (a restart: only the file remains).
let cs = await createCentralSystem({
  store: openSqliteStore(db),
  allow: ['CP-1'],
  tags: { TAG1: 'Accepted' },
});
let { socket, cp } = await station(cs.urlFor('CP-1'));
const timestamp = new Date().toISOString();
const { transactionId } = await cp.call('StartTransaction', {
  connectorId: 1,
  idTag: 'TAG1',
  timestamp,
  meterStart: 1000,
});
socket.close();
await cs.close();

// Restarted on the same file, without options: CP-1 and TAG1 are known, the Stop closes it.
cs = await createCentralSystem({ store: openSqliteStore(db), allow: [], port: cs.port });
({ socket, cp } = await station(cs.urlFor('CP-1')));
await cp.call('StopTransaction', {
  transactionId,
  idTag: 'TAG1',
  timestamp: new Date().toISOString(),
  meterStop: 3500,
});
console.log(JSON.stringify(cs.transactions().map((t) => [t.transactionId, t.state, t.energyWh])));
socket.close();
await cs.close();
