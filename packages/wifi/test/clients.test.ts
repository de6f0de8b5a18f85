/**
 * The reference clients' requests (fixtures/clients.json, recorded from their public sources)
 * replayed against a real server of the package over an emulated station; each answer is read
 * the way that client reads it (support/client-replay.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, replayStep } from './support/client-replay.js';
import { type Rig, startRig } from './support/rig.js';

describe.each(fixtures)('$client', (fixture) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig.close();
  });

  it(`names its source (${fixture.source.repo})`, () => {
    expect(fixture.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.requests.length).toBeGreaterThan(2);
  });

  it('gets what it needs from every request, in order', async () => {
    for (const step of fixture.requests) await replayStep(rig.url, step);
  }, 60_000);
});
