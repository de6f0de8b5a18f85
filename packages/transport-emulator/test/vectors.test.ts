import { describe, expect, it } from 'vitest';
import { emulatorForVector, loadVectors } from './support/vector-states.js';

const vectors = loadVectors();

describe('RAPI.md §6 test vectors, in-process, byte for byte', () => {
  it('has all 118 vectors', () => {
    expect(vectors).toHaveLength(118);
  });

  for (const v of vectors) {
    it(v.name, async () => {
      const { emulator, clock, vcase } = emulatorForVector(v);
      let out = '';
      const sub = emulator.device.output$.subscribe((t) => {
        out += t;
      });
      if (v.request) emulator.device.receive(v.request);
      else vcase.trigger?.(emulator, clock);
      expect(JSON.stringify(out)).toBe(JSON.stringify(v.response));
      if (vcase.later) {
        out = '';
        clock.advance(vcase.later.ms);
        expect(JSON.stringify(out)).toBe(JSON.stringify(vcase.later.output));
      }
      sub.unsubscribe();
      await emulator.close();
    });
  }
});
