import { createCentralSystem, createRpcEndpoint, OcppCallError } from '@evse/ocpp15';
import { WebSocket } from 'ws';

const cs = await createCentralSystem({
  allow: ['CP-1'],
  tags: { TAG1: 'Accepted' },
  heartbeatIntervalSec: 60,
});

const socket = new WebSocket(cs.urlFor('CP-1'), 'ocpp1.5');
await new Promise((resolve) => socket.once('open', resolve));
const cp = createRpcEndpoint(socket, { role: 'chargePoint' });
cp.handle('Reset', (req) => ({ status: req.type === 'Soft' ? 'Accepted' : 'Rejected' }));

const boot = await cp.call('BootNotification', {
  chargePointVendor: 'OpenEVSE',
  chargePointModel: 'v8',
});
const start = await cp.call('StartTransaction', {
  connectorId: 1,
  idTag: 'TAG1',
  timestamp: new Date().toISOString(),
  meterStart: 1000,
});
await cp.call('StopTransaction', {
  transactionId: start.transactionId,
  timestamp: new Date().toISOString(),
  meterStop: 3500,
});
const reset = await cs.call('CP-1', 'Reset', { type: 'Soft' });
const error = await cp.call('Authorize', { idTag: 'x'.repeat(21) }).catch((e: unknown) => e);

console.log(boot.status, boot.heartbeatInterval, start.idTagInfo.status, reset.status);
console.log(JSON.stringify(cs.totals()));
console.log(error instanceof TypeError, error instanceof OcppCallError);
socket.close();
await cs.close();
