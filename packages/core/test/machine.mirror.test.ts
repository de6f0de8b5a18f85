import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { ALL_STATE_CODES, evseStateCode, stateFromCode } from '../src/evse/codes-map.js';
import { eventFromFrame } from '../src/evse/events.js';
import { FAULT_KINDS, faultFromCode, isFaultKind } from '../src/evse/faults.js';
import { evseMachine } from '../src/evse/machine.js';

describe('eventFromFrame (RAPI.md §1.10, §2.3)', () => {
  it('maps `$AT` fields: state hex, pilot hex, capacity decimal, vflags hex', () => {
    expect(
      eventFromFrame({ kind: 'async', type: 'AT', fields: ['fe', '03', '32', '0544'] }),
    ).toEqual({
      type: 'DEVICE_STATE',
      evseState: 0xfe,
      pilotState: 0x03,
      currentCapacity: 32, // decimal, not hex
      vflags: 0x0544,
    });
  });

  it('maps a `$GS` reply: state hex, elapsed decimal, pilot hex, vflags hex', () => {
    const frame = { kind: 'reply', ok: true, fields: ['03', '1200', '03', '0540'] } as const;
    expect(eventFromFrame(frame, 'GS')).toEqual({
      type: 'DEVICE_STATE',
      evseState: 3,
      elapsedSeconds: 1200,
      pilotState: 3,
      vflags: 0x0540,
    });
  });

  it('returns null for frames that carry no state', () => {
    expect(eventFromFrame({ kind: 'async', type: 'AB', fields: ['00', '8.2.3'] })).toBeNull();
    expect(
      eventFromFrame({ kind: 'reply', ok: true, fields: ['01', '0', '01', '0200'] }),
    ).toBeNull();
    expect(eventFromFrame({ kind: 'reply', ok: false, fields: [] }, 'GS')).toBeNull();
  });

  it('throws a TypeError naming the field for malformed state frames', () => {
    expect(() =>
      eventFromFrame({ kind: 'async', type: 'AT', fields: ['01', '01', 'x', '0200'] }),
    ).toThrow(/field 3 \(current capacity\)/);
    expect(() => eventFromFrame({ kind: 'async', type: 'AT', fields: ['01', '01', '24'] })).toThrow(
      /field 4 \(vflags\)/,
    );
    expect(() =>
      eventFromFrame({ kind: 'reply', ok: true, fields: ['zz', '0', '01', '0200'] }, 'GS'),
    ).toThrow(TypeError);
  });
});

describe('state codes (RAPI.md §3.1)', () => {
  it('round-trips every state code through stateFromCode', () => {
    expect(ALL_STATE_CODES).toHaveLength(15);
    for (const s of ALL_STATE_CODES) {
      expect(stateFromCode(s.code)).toEqual({ state: s.state, fault: s.fault });
      const value = s.fault ? { fault: s.fault } : s.state;
      expect(evseStateCode({ value })).toBe(s.code);
    }
  });

  it('has no state for the reserved codes 0x0C/0x0D or unknown values', () => {
    for (const code of [0x0c, 0x0d, 0x10, 0xfd]) expect(stateFromCode(code)).toBeNull();
    expect(() => evseStateCode({ value: 'nope' })).toThrow(TypeError);
    expect(() => evseStateCode({ value: { fault: 'nope' } })).toThrow(TypeError);
  });

  it('FAULT_KINDS has unique kinds and codes 0x04–0x0E', () => {
    expect(new Set(FAULT_KINDS.map((f) => f.code)).size).toBe(FAULT_KINDS.length);
    for (const f of FAULT_KINDS) {
      expect(f.code >= 0x04 && f.code <= 0x0e).toBe(true);
      expect(faultFromCode(f.code)?.kind).toBe(f.kind);
      expect(isFaultKind(f.kind)).toBe(true);
    }
    expect(isFaultKind('fault')).toBe(false);
  });
});

describe('DEVICE_STATE mirror', () => {
  it('jumps from any state to the reported one and takes the reported context', () => {
    const [start] = initialTransition(evseMachine, { mirror: true });
    for (const s of ALL_STATE_CODES) {
      const vflags = 0x0100 | 0x0008 | (s.fault === 'ventRequired' ? 0x0002 : 0);
      const [next] = transition(evseMachine, start, {
        type: 'DEVICE_STATE',
        evseState: s.code,
        pilotState: 0x02,
        vflags,
        currentCapacity: 16,
      });
      expect(evseStateCode(next)).toBe(s.code);
      expect(next.context).toMatchObject({
        pilotState: 0x02,
        vflags,
        currentCapacity: 16,
        evConnected: true,
        authLocked: true,
        fault: s.fault,
        hardFault: s.fault === 'ventRequired',
      });
    }
  });

  it('mirrors a sequence of `$AT` frames, including staying in `starting` (00)', () => {
    let [snap] = initialTransition(evseMachine, { mirror: true });
    const frames = [
      ['00', '00', '0', '0200'],
      ['01', '01', '24', '0200'],
      ['02', '02', '24', '0700'],
      ['03', '03', '24', '0540'],
      ['fe', '03', '24', '0540'],
    ];
    const seen: number[] = [];
    for (const fields of frames) {
      const event = eventFromFrame({ kind: 'async', type: 'AT', fields });
      if (!event) throw new Error('expected an event');
      [snap] = transition(evseMachine, snap, event);
      seen.push(evseStateCode(snap));
    }
    expect(seen).toEqual([0x00, 0x01, 0x02, 0x03, 0xfe]);
    expect(snap.context.pilotState).toBe(3);
  });

  it('ignores reports of codes it has no state for', () => {
    const [start] = initialTransition(evseMachine, { mirror: true });
    const [next] = transition(evseMachine, start, {
      type: 'DEVICE_STATE',
      evseState: 0x0c,
      pilotState: 0,
      vflags: 0,
    });
    expect(next.value).toBe('starting');
    expect(next.context.vflags).toBe(0x0200);
  });
});
