// The central system's display in-process: every event is printed, the live line is
// recomputed at most every CENTRAL_STATUS_EVERY_MS (it walks all sessions and transactions),
// and stopping draws a pending update so the last line has the final counts.
import type { CentralSystem, CentralSystemEvent } from '@evse/ocpp15';
import { Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CENTRAL_STATUS_EVERY_MS, startCentralDisplay } from '../src/central/display.js';
import { createOutput } from '../src/io/output.js';

function fakeCentral() {
  const events$ = new Subject<CentralSystemEvent>();
  const state = { connections: 0, active: 0, walks: 0 };
  const cs = {
    events$,
    connections: () => {
      state.walks++;
      return Array.from({ length: state.connections });
    },
    totals: () => {
      state.walks++;
      return { activeTransactions: state.active, stoppedTransactions: 0, energyWh: 0 };
    },
  } as unknown as CentralSystem;
  const connect = (id: string) => {
    state.connections++;
    events$.next({ type: 'connected', chargeBoxId: id } as CentralSystemEvent);
  };
  return { cs, state, connect };
}

function sink() {
  let text = '';
  return {
    stream: { isTTY: false, write: (s: string) => (text += s) },
    lines: () => text.split('\n'),
  };
}

describe('startCentralDisplay', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints every event but recomputes the live line once per interval, with the latest counts', () => {
    const { cs, state, connect } = fakeCentral();
    const s = sink();
    const sub = startCentralDisplay(cs, createOutput(s.stream), { json: false });
    for (let i = 0; i < 1000; i++) connect(`CP${i}`);
    expect(state.walks).toBe(0);
    expect(s.lines().filter((l) => l.endsWith(' connected'))).toHaveLength(1000);
    vi.advanceTimersByTime(CENTRAL_STATUS_EVERY_MS);
    expect(state.walks).toBe(2); // one totals() and one connections() for 1,000 events
    expect(s.lines()).toContain('connections 1000 | transactions 0 active, 0 stopped | 0.000 kWh');
    sub.unsubscribe();
  });

  it('draws a pending update when stopped, so the last line shows the final counts', () => {
    const { cs, connect } = fakeCentral();
    const s = sink();
    const sub = startCentralDisplay(cs, createOutput(s.stream), { json: false });
    connect('CP1');
    connect('CP2');
    sub.unsubscribe();
    expect(s.lines()).toContain('connections 2 | transactions 0 active, 0 stopped | 0.000 kWh');
    expect(vi.getTimerCount()).toBe(0);
  });
});
