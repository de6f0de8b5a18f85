// Some embedded charge points write their first CALL in the same TCP segment as the upgrade
// request, without waiting for the 101. SteVe (Jetty) reads it as the first frame of the
// session; our central system must too, or the BootNotification is lost. Raw socket, no
// WebSocket library on the client side, so nothing hides the pipelining.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type CentralSystem, createCentralSystem } from '../../src/central/central-system.js';
import { until } from '../support/helpers.js';

let cs: CentralSystem | undefined;
afterEach(async () => {
  await cs?.close();
  cs = undefined;
});

/** A masked client text frame (RFC 6455 §5.2), payload < 126 bytes. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([0x11, 0x22, 0x33, 0x44]);
  const masked = payload.map((b, i) => b ^ (mask[i % 4] ?? 0));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

describe('a CALL pipelined with the upgrade request', () => {
  it('is answered as the first frame of the session', async () => {
    const central = await createCentralSystem({ allow: ['CP1'], heartbeatIntervalSec: 60 });
    cs = central;
    const boot = '[2,"b1","BootNotification",{"chargePointVendor":"v","chargePointModel":"m"}]';
    const request = [
      'GET /steve/websocket/CentralSystemService/CP1 HTTP/1.1',
      `Host: 127.0.0.1:${central.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: ocpp1.5',
      '',
      '',
    ].join('\r\n');
    const socket = connect(central.port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
    });
    await new Promise((r) => socket.once('connect', r));
    socket.write(Buffer.concat([Buffer.from(request), clientFrame(boot)])); // one write
    try {
      await until(() => received.includes('heartbeatInterval'), 5000, 'the CALLRESULT');
      expect(received).toMatch(/^HTTP\/1\.1 101 /);
      expect(received).toContain('Sec-WebSocket-Protocol: ocpp1.5');
      const body = received.slice(received.indexOf('\r\n\r\n') + 4);
      // an unmasked server text frame (0x81, length < 126), then the CALLRESULT
      expect(body.charCodeAt(0)).toBe(0x81);
      expect(JSON.parse(body.slice(2))).toEqual([
        3,
        'b1',
        { status: 'Accepted', currentTime: expect.any(String), heartbeatInterval: 60 },
      ]);
      expect(central.stations()[0]?.boot).toEqual({
        chargePointVendor: 'v',
        chargePointModel: 'm',
      });
    } finally {
      socket.destroy();
    }
  });
});
