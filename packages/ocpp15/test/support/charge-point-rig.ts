/**
 * The charge-point rig: a fake SteVe on 127.0.0.1:0 and a charge point (id CP1) on a fake
 * station, both closed when the test finishes (`onTestFinished`, so no cleanup lists).
 */
import { expect, onTestFinished } from 'vitest';
import { createChargePoint } from '../../src/charge-point/create.js';
import type { ChargePointOptions } from '../../src/charge-point/types.js';
import { createFakeStation } from './fake-station.js';
import { type FakeSteveOptions, startFakeSteve } from './fake-steve.js';
import { watchSentFrames } from './helpers.js';

export interface RigOptions {
  /** Check, after everything is closed, that every frame sent either way was schema-valid. */
  checkFrames?: boolean;
}

export async function startChargePoint(
  steveOptions: FakeSteveOptions,
  cpOptions: Partial<ChargePointOptions> = {},
  { checkFrames = false }: RigOptions = {},
) {
  const steve = await startFakeSteve(steveOptions);
  const fake = createFakeStation();
  const cp = createChargePoint({
    url: steve.url,
    chargeBoxId: 'CP1',
    station: fake.station,
    vendor: 'OpenEVSE',
    model: 'Emulated',
    reconnect: { minDelayMs: 50, maxDelayMs: 200 },
    ...cpOptions,
  });
  const frames = watchSentFrames(cp);
  // onTestFinished runs last-registered first: close the charge point, then SteVe, then check.
  if (checkFrames)
    onTestFinished(() => {
      expect(frames.sent).toBeGreaterThan(0);
      expect(frames.errors).toEqual([]);
      expect(steve.invalid).toEqual([]);
    });
  onTestFinished(() => steve.close());
  onTestFinished(() => cp.close());
  return { steve, fake, cp, frames };
}
