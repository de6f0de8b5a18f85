// --ocpp-version auto: the version a real central system picks when offered both subprotocols,
// ours (1.5 only today) and ocpp-rpc 2.2.1's RPCServer (a strict 1.6 central system not ours).
import type { AddressInfo } from 'node:net';
import { createCentralSystem } from '@evse/ocpp15';
import { createCentralSystem as createCentralSystem16 } from '@evse/ocpp16/central';
import { RPCServer } from 'ocpp-rpc';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseOcppVersion, probeOcppVersion } from '../src/ocpp-version.js';

describe('probeOcppVersion', () => {
  it('is 1.5 against evse central (SteVe-like, ocpp1.5)', async () => {
    const cs = await createCentralSystem({ port: 0 });
    onTestFinished(() => cs.close());
    expect(await probeOcppVersion(cs.url, 'CP-PROBE')).toBe('1.5');
  });

  it('is 1.6 against ocpp-rpc strict mode (ocpp1.6)', async () => {
    const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true } as never);
    const http = await server.listen(0, '127.0.0.1');
    onTestFinished(() => server.close({ force: true } as never));
    const { port } = http.address() as AddressInfo;
    expect(await probeOcppVersion(`ws://127.0.0.1:${port}/ocpp`, 'CP-PROBE')).toBe('1.6');
  });

  it('leaves no session behind at the central system (its close completes at once)', async () => {
    const cs = await createCentralSystem16({ port: 0, allow: 'any' });
    onTestFinished(() => cs.close());
    const closed = firstValueFrom(
      cs.events$.pipe(
        filter((e) => e.type === 'disconnected'),
        timeout(2000),
      ),
    );
    expect(await probeOcppVersion(cs.url, 'CP-PROBE')).toBe('1.6');
    // A paused socket never read the server's close frame: the session stayed 30 s (ws's
    // close timeout) beside the charge point's own.
    await expect(closed).resolves.toMatchObject({ chargeBoxId: 'CP-PROBE', code: 1000 });
  });

  it('rejects a server that offers neither', async () => {
    const server = new RPCServer({ protocols: ['ocpp2.0.1'] } as never);
    const http = await server.listen(0, '127.0.0.1');
    onTestFinished(() => server.close({ force: true } as never));
    const { port } = http.address() as AddressInfo;
    await expect(probeOcppVersion(`ws://127.0.0.1:${port}/ocpp`, 'CP-PROBE')).rejects.toThrow();
  });
});

describe('parseOcppVersion', () => {
  it('takes 1.5, 1.6 and auto, and names the choices otherwise', () => {
    expect(parseOcppVersion('1.6')).toBe('1.6');
    expect(parseOcppVersion('auto')).toBe('auto');
    expect(() => parseOcppVersion('2.0.1')).toThrow('expected 1.5, 1.6 or auto');
  });
});
