import { describe, expect, it } from 'vitest';
import { createOcppDescriber } from '../src/describe-ocpp.js';
import { createRapiDescriber } from '../src/describe-rapi.js';

describe('RAPI line decoding (hover text of the traffic log)', () => {
  // One describer per connection: each reply is named after the command before it.
  const cases: [dir: 'tx' | 'rx', line: string, decoded: string][] = [
    ['tx', '$GS^30', '$GS: EVSE state, elapsed s, pilot state, vflags — §2.3, §3.1, §3.2, §3.4'],
    [
      'rx',
      '$OK 03 1799 03 0540^27',
      '$OK to $GS: evseState=charging, elapsedSeconds=1799, pilotState=0x3, vflags=0x540',
    ],
    ['tx', '$SC 16 V', expect.stringMatching(/^\$SC: set current capacity.*\(amps=16, mode=V\)/)],
    ['rx', '$NK^21', '$NK: $SC refused'],
    [
      'rx',
      '$AT 03 03 32 0540',
      '$AT state change: charging, pilot C, 32 A, vflags chargingOn|evConnected|evConnectedPrev',
    ],
    ['rx', '$AB 00 8.2.3^1E', '$AB boot notification (firmware 8.2.3)'],
    ['rx', '$ST 03', '$ST state transition to charging'],
    // A reply with no command before it: nothing to decode it with.
    ['rx', '$OK 1', '$OK'],
    ['tx', '$GG', '$GG: charging current and voltage — §2.3, §4.8'],
    // Bad input is described, never thrown.
    ['rx', '$OK x y', '$OK to $GG, undecodable: $GG currentMa: "x" is not dec'],
    ['tx', '$ZZ', 'unknown command $ZZ'],
    ['rx', 'garbage', 'not a frame: a RAPI frame starts with "$"'],
  ] as never;

  it('decodes commands, replies, async frames and garbage in order', () => {
    const d = createRapiDescriber();
    for (const [dir, line, decoded] of cases) expect(d.describe(dir, line), line).toEqual(decoded);
  });
});

describe('OCPP-J message labels', () => {
  it('names results and errors after the CALL they answer, and flags invalid text', () => {
    const d = createOcppDescriber();
    expect(d.describe('[2,"1","BootNotification",{}]')).toEqual({
      action: 'BootNotification',
      kind: 'call',
    });
    expect(d.describe('[2,"2","Heartbeat",{}]')).toEqual({ action: 'Heartbeat', kind: 'call' });
    expect(d.describe('[4,"2","NotImplemented","",{}]')).toEqual({
      action: 'Heartbeat',
      kind: 'error',
    });
    expect(d.describe('[3,"1",{}]')).toEqual({ action: 'BootNotification', kind: 'result' });
    // Answered once: a second result for the same id is unknown.
    expect(d.describe('[3,"1",{}]')).toEqual({ action: '?', kind: 'result' });
    expect(d.describe('not json')).toEqual({ action: '?', kind: 'invalid' });
    expect(d.describe('{}')).toEqual({ action: '?', kind: 'invalid' });
    expect(d.describe('[5,"1"]')).toEqual({ action: '?', kind: 'invalid' });
  });

  it('forgets the oldest unanswered calls beyond 1000', () => {
    const d = createOcppDescriber();
    for (let i = 0; i <= 1000; i++) d.describe(`[2,"${i}","Heartbeat",{}]`);
    expect(d.describe('[3,"0",{}]').action).toBe('?');
    expect(d.describe('[3,"1000",{}]').action).toBe('Heartbeat');
  });
});
