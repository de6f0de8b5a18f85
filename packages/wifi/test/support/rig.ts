/** An emulated station with its arbiter, the claim book and the module's API on 127.0.0.1:0. */
import { createArbiter, createStation, type Station } from '@evse/core';
import { createEmulator, type Emulator } from '@evse/transport-emulator';
import { filter, firstValueFrom } from 'rxjs';
import {
  type ClaimBook,
  createClaimBook,
  type ServedWifiApi,
  serveWifiApi,
  type WifiApiOptions,
} from '../../src/index.js';

export interface Rig {
  readonly emulator: Emulator;
  readonly station: Station;
  readonly arbiter: ReturnType<typeof createArbiter>;
  readonly book: ClaimBook;
  readonly served: ServedWifiApi;
  readonly url: string;
  close(): Promise<void>;
}

export async function startRig(
  options: Partial<Omit<WifiApiOptions, 'station' | 'book'>> = {},
): Promise<Rig> {
  const emulator = createEmulator({ bootDelayMs: 0, postMs: 0 });
  await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state === 'notConnected')));
  const station = await createStation(emulator.transport, { meterIntervalMs: 200 });
  const arbiter = createArbiter(station);
  const book = createClaimBook(arbiter);
  await arbiter.start();
  const served = await serveWifiApi({ station, book, pollMs: 200, ...options });
  return {
    emulator,
    station,
    arbiter,
    book,
    served,
    url: served.url,
    async close() {
      await served.close();
      arbiter.close();
      await station.close();
      await emulator.close();
    },
  };
}

/** fetch + JSON, keeping status and content type. */
export async function call(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; type: string; text: string; json: unknown }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json };
}

export const postJson = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
