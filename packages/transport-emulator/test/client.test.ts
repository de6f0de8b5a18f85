import { createRapiClient } from '@evse/core';
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/index.js';

// Real time, real client: core's RapiClient over emulator.transport, as over a serial port.
describe('core RapiClient against the emulator (real clock)', () => {
  it('boots, answers typed requests with sequence ids, reports plug-in by $AT', async () => {
    const emu = createEmulator({ bootDelayMs: 5, postMs: 20, wire: { chunking: { seed: 3 } } });
    const client = createRapiClient(emu.transport, { useSequenceIds: true, timeoutMs: 1000 });
    const ready = firstValueFrom(
      client.events$.pipe(filter((f) => f.type === 'AT' && f.fields[0] === '01')),
    );
    await ready;
    expect(await client.getVersion()).toMatchObject({ firmware: '8.2.3', protocol: '5.2.1' });
    expect(await client.getState()).toMatchObject({ evseState: 1, pilotState: 1, vflags: 0x0200 });
    const connected = firstValueFrom(
      client.events$.pipe(filter((f) => f.type === 'AT' && f.fields[0] === '02')),
    );
    emu.control.plugIn();
    expect((await connected).fields).toEqual(['02', '02', '24', '0700']);
    expect(await client.setCurrent(16)).toBe(16);
    await expect(client.request('XX')).rejects.toMatchObject({ code: 'NK' });
    await client.close();
    await emu.close();
  });
});
