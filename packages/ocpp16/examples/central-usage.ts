import { OCPP16 } from '@evse/ocpp16';
import { createCentralSystem } from '@evse/ocpp16/central';
import { createRpcEndpoint, openSocket } from '@evse/ocppj';

// One endpoint for 1.6J and 1.5J; Basic auth `chargeBoxId:password` on every upgrade.
const cs = await createCentralSystem({
  allow: ['CP-1'],
  tags: { TAG1: 'Accepted' },
  heartbeatIntervalSec: 60,
  password: 'secret-password',
});

// A charge point offering both versions gets the first one it lists (SteVe's rule).
const socket = await openSocket(cs.urlFor('CP-1'), {
  subprotocols: ['ocpp1.6', 'ocpp1.5'],
  handshakeTimeoutMs: 5000,
  chargeBoxId: 'CP-1',
  password: 'secret-password',
});
const cp = createRpcEndpoint(socket, OCPP16, { role: 'chargePoint' });
cp.handle('TriggerMessage', (req) => ({
  status: req.requestedMessage === 'MeterValues' ? 'Accepted' : 'NotImplemented',
}));
socket.resume();

const at = (min: number) => new Date(Date.now() - (20 - min) * 60_000).toISOString();
const boot = await cp.call('BootNotification', {
  chargePointVendor: 'OpenEVSE',
  chargePointModel: 'v8',
});
const start = await cp.call('StartTransaction', {
  connectorId: 1,
  idTag: 'TAG1',
  meterStart: 1000,
  timestamp: at(0),
});
const { transactionId } = start;
await cp.call('MeterValues', {
  connectorId: 1,
  transactionId,
  meterValue: [{ timestamp: at(5), sampledValue: [{ value: '16.1', unit: 'A', phase: 'L1' }] }],
});
const trigger = await cs.call('CP-1', 'TriggerMessage', { requestedMessage: 'MeterValues' });
await cp.call('StopTransaction', {
  transactionId,
  meterStop: 3500,
  timestamp: at(10),
  reason: 'EVDisconnected',
});

console.log(socket.protocol, boot.status, boot.interval, start.idTagInfo.status, trigger.status);
const [tx] = cs.transactions();
console.log(tx?.state, tx?.energyWh, tx?.stopReason);
console.log(JSON.stringify(cs.meterValues().map((v) => [v.value, v.unit, v.phase])));
socket.close();
await cs.close();
