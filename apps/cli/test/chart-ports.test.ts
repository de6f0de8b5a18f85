// `evse chart` and `evse ports` in child processes.
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, runCli } from '../../../test/support/evse-cli.js';
import { runInProcess } from './support/memory-io.js';

afterEach(() => killAll());

const STATES = [
  'starting',
  'notConnected',
  'connected',
  'charging',
  'sleeping',
  'disabled',
  'fault',
];

describe('evse chart', () => {
  it('prints the statechart as Mermaid and as JSON', async () => {
    const [mermaid, json] = await Promise.all([
      runCli(['chart']),
      runInProcess(['chart', '--format', 'json']),
    ]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.split('\n')[0]).toBe('stateDiagram-v2');
    for (const state of STATES) expect(mermaid.stdout).toContain(state);
    expect(json.code).toBe(0);
    const chart = JSON.parse(json.stdout) as { initial: string; states: { id: string }[] };
    expect(chart.initial).toBe('starting');
    const ids = JSON.stringify(chart.states);
    for (const state of STATES) expect(ids).toContain(`"${state}"`);
  }, 60_000);
});

describe('evse ports', () => {
  it('lists ports or says clearly why the system listing is degraded', async () => {
    const [text, json] = await Promise.all([runCli(['ports']), runInProcess(['ports', '--json'])]);
    // This machine has no udevadm (SerialPort.list() rejects): the /dev scan still answers.
    expect(text.code).toBe(0);
    expect(json.code).toBe(0);
    const ports = JSON.parse(json.stdout) as { path: string }[];
    expect(Array.isArray(ports)).toBe(true);
    if (ports.length === 0) expect(text.stdout).toBe('no serial ports found\n');
    else expect(text.stdout.split('\n')[0]).toContain(ports[0]?.path);
    for (const stderr of [text.stderr, json.stderr]) {
      if (stderr !== '') expect(stderr).toMatch(/^evse: warning: .+\n$/);
    }
  }, 60_000);
});
