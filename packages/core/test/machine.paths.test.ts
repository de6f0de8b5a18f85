import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { ALL_STATE_CODES, evseStateCode } from '../src/evse/codes-map.js';
import { evseMachine } from '../src/evse/machine.js';
import { shortestEventPaths } from '../src/evse/paths.js';
import { machineToJson, renderMermaid } from '../src/evse/render.js';

const everyStateId = ALL_STATE_CODES.map((s) => (s.fault ? `fault.${s.fault}` : s.state)).sort();

describe('reachability (xstate/graph)', () => {
  it('reaches every state, including each fault child, with one replayable path each', () => {
    const paths = shortestEventPaths(); // getShortestPaths over DEVICE_EVENTS
    expect(paths.map((p) => p.state)).toEqual(everyStateId);
    expect(paths.map((p) => p.code).sort((a, b) => a - b)).toEqual(
      ALL_STATE_CODES.map((s) => s.code).sort((a, b) => a - b),
    );
    for (const p of paths) {
      let [snap] = initialTransition(evseMachine, {});
      for (const e of p.events) [snap] = transition(evseMachine, snap, e);
      expect(evseStateCode(snap), p.state).toBe(p.code);
    }
    // Boot finishes first; POST failures only for the kinds POST can detect (RAPI.md §4.1).
    const byState = new Map(paths.map((p) => [p.state, p.events.map((e) => e.type)]));
    expect(byState.get('charging')).toEqual(['POST_OK', 'EV_PLUG', 'EV_REQUEST_CHARGE']);
    expect(byState.get('sleeping')).toEqual(['POST_OK', 'SLEEP']);
    expect(byState.get('fault.noGround')).toEqual(['POST_FAILED']);
    expect(byState.get('fault.gfci')).toEqual(['POST_OK', 'FAULT']);
  });

  it('respects input: an auth-locked build still reaches charging (via AUTH_UNLOCK)', () => {
    const charging = shortestEventPaths({ authLock: true }).find((p) => p.state === 'charging');
    expect(charging?.events.map((e) => e.type)).toContain('AUTH_UNLOCK');
  });
});

describe('machineToJson', () => {
  const chart = machineToJson();

  it('lists every state with its code, nesting the fault kinds', () => {
    expect(chart.id).toBe('evse');
    expect(chart.initial).toBe('starting');
    expect(
      chart.states
        .filter((s) => s.code !== null)
        .map((s) => s.id)
        .sort(),
    ).toEqual(everyStateId);
    expect(chart.states.find((s) => s.id === 'fault')).toEqual({
      id: 'fault',
      code: null,
      initial: 'fault.ventRequired',
    });
    expect(chart.states.find((s) => s.id === 'fault.stuckRelay')).toEqual({
      id: 'fault.stuckRelay',
      code: 0x08,
      parent: 'fault',
    });
  });

  it('derives transitions from the definition, with guards, delays and root (`*`) sources', () => {
    expect(chart.transitions).toContainEqual({
      from: 'notConnected',
      to: 'connected',
      event: 'EV_PLUG',
    });
    expect(chart.transitions).toContainEqual({
      from: 'connected',
      to: 'charging',
      event: 'always',
      guard: 'canCharge',
    });
    expect(chart.transitions).toContainEqual({
      from: 'fault.gfci',
      to: 'starting',
      event: 'after faultRetry',
      guard: 'canRetry',
    });
    expect(chart.transitions).toContainEqual({ from: '*', to: 'sleeping', event: 'SLEEP' });
    const mirror = chart.transitions.filter((t) => t.event === 'DEVICE_STATE');
    expect(mirror).toHaveLength(ALL_STATE_CODES.length);
  });
});

describe('renderMermaid', () => {
  const text = renderMermaid();
  const lines = text.trimEnd().split('\n');

  it('is stateDiagram-v2 text whose every line is a known statement form', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    const forms = [
      /^ {2}\[\*\] --> \w+$/,
      /^ +state "[^"]+" as \w+$/,
      /^ {2}state \w+ \{$/,
      /^ {2}\}$/,
      /^ {2}\w+ --> \w+ : [A-Za-z_ ]+( \[\w+\])?$/,
    ];
    for (const line of lines.slice(1)) {
      expect(
        forms.some((re) => re.test(line)),
        line,
      ).toBe(true);
    }
  });

  it('declares every state, fault kinds inside the fault block', () => {
    for (const s of ALL_STATE_CODES) {
      const id = s.fault ? `fault_${s.fault}` : s.state;
      expect(text).toContain(` as ${id}\n`);
    }
    const open = lines.indexOf('  state fault {');
    const close = lines.indexOf('  }', open);
    expect(lines.slice(open + 1, close)).toHaveLength(9);
  });

  it('labels transitions with their events and omits the mirror jumps by default', () => {
    expect(lines).toContain('  notConnected --> connected : EV_PLUG');
    expect(lines).toContain('  charging --> connected : AUTH_LOCK');
    expect(lines).toContain('  fault --> starting : EV_UNPLUG [clearedByUnplug]');
    expect(lines).toContain('  fault_gfci --> starting : after faultRetry [canRetry]');
    expect(text).not.toContain('DEVICE_STATE');
    expect(renderMermaid(evseMachine, { mirror: true })).toContain(
      'anyState --> fault_gfci : DEVICE_STATE',
    );
  });
});
