/**
 * The client against every controller firmware in the field (docs/protocol/FIELD-FIRMWARE.md
 * §2): the `$GV` probe, `$GS` in both forms, replies with and without checksums, sequence ids
 * only where the firmware has them. Fixture lines are the firmware's own (see
 * support/firmware-device.ts for where each comes from).
 */
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRapiClient, type RapiClient } from '../src/rapi/client.js';
import { RapiError } from '../src/rapi/errors.js';
import { fakeDevice } from './fake-device.js';
import { FirmwareDevice, PROFILES, type ProfileName } from './support/firmware-device.js';

const clients: RapiClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function open(name: ProfileName, options: { useSequenceIds?: boolean } = {}) {
  const device = new FirmwareDevice(PROFILES[name]);
  const client = createRapiClient(device.host, { timeoutMs: 100, ...options });
  clients.push(client);
  return { device, client };
}

describe('probeVersion ($GV first, FIELD-FIRMWARE.md §2)', () => {
  it.each([
    ['3.11.3', '3.11.3', '1.0.3', 'dec2', 'ST', false],
    ['4.8.0', '4.8.0', '3.0.1', 'dec2', 'ST', true],
    ['5.0.1', '5.0.1', '4.0.1', 'dec2', 'ST', true],
    ['D6.0.0', 'D6.0.0', '5.0.0', 'hex4', 'AT', true],
    ['7.1.3', '7.1.3', '5.1.3', 'hex4', 'AT', true],
    ['8.2.3', '8.2.3.EU', '5.2.1', 'hex4', 'AT', true],
    ['9.0.0', '9.0.0.SAMD', '6.0.0', 'hex4', 'AT', true],
  ] as const)(
    '%s: firmware text kept, dialect by protocol',
    async (name, fw, protocol, status, asyncState, seq) => {
      const { client } = open(name);
      const version = await client.probeVersion();
      expect(version).toMatchObject({ firmware: fw, protocol });
      expect(client.dialect).toBe(version.dialect);
      expect(client.dialect).toMatchObject({ status, asyncState, sequenceIds: seq });
    },
  );

  it.each([
    ['$OK 3.5.0 1.0.1', /"3\.5\.0" speaks RAPI 1\.0\.1; the oldest supported is RAPI 1\.0\.3/],
    ['$OK 3.2.6 1.0.0', /RAPI 1\.0\.0; the oldest supported is RAPI 1\.0\.3/],
    [
      '$OK 2.0 beta',
      /"2\.0" reports protocol "beta", not a RAPI version; the oldest supported is RAPI 1\.0\.3/,
    ],
    ['$OK 1.9', /"1\.9" reports no protocol version/],
  ])('%s is refused with UNSUPPORTED, not MALFORMED', async (answer, message) => {
    const { host } = fakeDevice(() => `${answer}\r`);
    const client = createRapiClient(host, { timeoutMs: 100 });
    clients.push(client);
    const error = await client.probeVersion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RapiError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED' });
    expect((error as Error).message).toMatch(message);
  });

  it('reads $GV without a sequence id even when ids are on (the device may not echo them)', async () => {
    const { client, device } = open('3.11.3', { useSequenceIds: true });
    await client.probeVersion();
    expect(device.received).toEqual(['$GV^35']);
  });
});

describe('$GS by dialect', () => {
  it.each([
    ['3.11.3', 0xfe, '$OK 254 0\r'],
    ['4.8.0', 0x02, '$OK 2 0^22\r'],
    ['5.0.1', 0xff, '$OK 255 0^22\r'],
  ] as const)(
    '%s: decimal state, no pilot and no vflags (null, not 0)',
    async (name, state, wire) => {
      const { client, device } = open(name);
      await client.probeVersion();
      device.state = state;
      const answered = firstValueFrom(client.traffic$.pipe(filter((t) => t.direction === 'rx')));
      expect(await client.getState()).toEqual({
        evseState: state,
        elapsedSeconds: 0,
        pilotState: null,
        vflags: null,
      });
      expect(`${(await answered).line}\r`).toBe(wire);
    },
  );

  it('the real 3.11.3 and 5.0.1 lines decode: "$OK 254 0" and "$OK 2 125^24"', async () => {
    for (const [gv, gs, expected] of [
      ['$OK 3.11.3 1.0.3\r', '$OK 254 0\r', 0xfe],
      ['$OK 5.0.1 4.0.1^21\r', '$OK 2 125^24\r', 0x02],
    ] as const) {
      const { host } = fakeDevice((cmd) => (cmd.frame.code === 'GV' ? gv : gs));
      const client = createRapiClient(host, { timeoutMs: 100 });
      clients.push(client);
      await client.probeVersion();
      expect((await client.getState()).evseState).toBe(expected);
    }
  });

  it('hex4 from RAPI 5.0.0 on; a 9.x state beyond the table decodes as a number', async () => {
    const { client, device } = open('9.0.0');
    await client.probeVersion();
    device.state = 0x0f;
    device.plugged = true;
    expect(await client.getState()).toEqual({
      evseState: 0x0f,
      elapsedSeconds: 0,
      pilotState: 0x0f,
      vflags: 0x0300,
    });
  });

  it('a hex $GS on a decimal dialect is MALFORMED, naming the reply', async () => {
    const { host } = fakeDevice((cmd) =>
      cmd.frame.code === 'GV' ? '$OK 3.11.3 1.0.3\r' : '$OK fe 0\r',
    );
    const client = createRapiClient(host, { timeoutMs: 100 });
    clients.push(client);
    await client.probeVersion();
    await expect(client.getState()).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

describe('checksums on replies and async frames', () => {
  it('3.11.3: replies without checksum, "$OK " with its trailing space, "$NK " for unknown commands', async () => {
    const { client, device } = open('3.11.3');
    await client.probeVersion();
    expect((await client.request('SC', [16])).fields).toEqual(['']);
    expect(device.amps).toBe(16);
    await expect(client.request('G0')).rejects.toMatchObject({ code: 'NK' });
  });

  it.each([
    ['3.11.3', '$ST 02\r'],
    ['4.8.0', '$ST 02^01\r'],
  ] as const)('%s: the state frame %j reaches events$', async (name, wire) => {
    const { client, device } = open(name);
    const events = firstValueFrom(client.events$.pipe(take(1), toArray()));
    device.state = 0x02;
    expect(device.stateFrame()).toBe(wire);
    await device.write(wire);
    expect(await events).toEqual([
      expect.objectContaining({ kind: 'async', type: 'ST', fields: ['02'] }),
    ]);
  });
});

describe('sequence ids only where the firmware has them (RAPI ≥ 3.0.0)', () => {
  it('3.11.3: none sent after the probe, so $SC acts (a " :01" would make it 3 tokens and a no-op)', async () => {
    const { client, device } = open('3.11.3', { useSequenceIds: true });
    await client.probeVersion();
    await client.request('SC', [16]);
    expect(device.received.at(-1)).toBe('$SC 16^13');
    expect(device.amps).toBe(16);
  });

  it('without the probe, an id sent to 3.11.3 is taken for a parameter: $SC does nothing', async () => {
    const { client, device } = open('3.11.3', { useSequenceIds: true });
    await client.request('SC', [16]).catch(() => undefined); // "$OK " without the id: no match
    expect(device.received[0]).toMatch(/^\$SC 16 :01/);
    expect(device.amps).toBe(24);
  });

  it('4.8.0: ids sent and echoed after the probe', async () => {
    const { client, device } = open('4.8.0', { useSequenceIds: true });
    await client.probeVersion();
    const reply = await client.request('GS');
    expect(device.received.at(-1)).toMatch(/^\$GS :01\^/);
    expect(reply).toMatchObject({ seq: 1, fields: ['1', '0'] });
  });
});
