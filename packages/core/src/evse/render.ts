import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { ALL_STATE_CODES } from './codes-map.js';
import { evseMachine } from './machine.js';

/** A state of the chart, as listed by {@link machineToJson}. */
export interface ChartState {
  /** Dotted path below the machine, e.g. `connected` or `fault.gfci`. */
  id: string;
  /** RAPI EVSE state code, or `null` for a compound state (`fault`). */
  code: number | null;
  /** The compound parent's id, for nested states. */
  parent?: string;
  /** The initial child's id, for compound states. */
  initial?: string;
}

/** A transition of the chart, as listed by {@link machineToJson}. */
export interface ChartTransition {
  /** Source state id, or `*` for a transition defined on the machine root (any state). */
  from: string;
  /** Target state id. */
  to: string;
  /** Event type; `always` for eventless transitions, `after <delay>` for delayed ones. */
  event: string;
  /** Name of the guard, if any. */
  guard?: string;
}

/** The chart as data: for the CLI `chart` command and the visualiser. */
export interface ChartJson {
  id: string;
  initial: string;
  states: ChartState[];
  transitions: ChartTransition[];
}

const ROOT = '*';

function nodeId(node: AnyStateNode): string {
  return node.path.length === 0 ? ROOT : node.path.join('.');
}

function guardName(guard: unknown): string | undefined {
  if (typeof guard === 'string') return guard;
  if (guard && typeof guard === 'object' && 'type' in guard) return String(guard.type);
  if (typeof guard === 'function') return guard.name || 'inline';
  return undefined;
}

function eventLabel(node: AnyStateNode, eventType: string): string {
  if (eventType === '') return 'always';
  const delayed = node.after.find((t) => t.eventType === eventType);
  return delayed ? `after ${String(delayed.delay)}` : eventType;
}

function walk(node: AnyStateNode, states: ChartState[], transitions: ChartTransition[]): void {
  const from = nodeId(node);
  const defs = [...node.transitions.values()].flat().concat(node.always ?? []);
  for (const t of defs) {
    for (const target of t.target ?? []) {
      const guard = guardName(t.guard);
      transitions.push({
        from,
        to: nodeId(target),
        event: eventLabel(node, t.eventType),
        ...(guard === undefined ? {} : { guard }),
      });
    }
  }
  for (const child of Object.values(node.states)) {
    const id = nodeId(child);
    const entry = ALL_STATE_CODES.find((s) => (s.fault ? `fault.${s.fault}` : s.state) === id);
    const initial = child.initial?.target[0];
    states.push({
      id,
      code: entry?.code ?? null,
      ...(node.path.length > 0 ? { parent: from } : {}),
      ...(child.type === 'compound' && initial ? { initial: nodeId(initial) } : {}),
    });
    walk(child, states, transitions);
  }
}

/**
 * The states and transitions of `machine`, read from its definition (not hand-written).
 * @example machineToJson().states.find((s) => s.id === 'fault.gfci')?.code // 0x06
 */
export function machineToJson(machine: AnyStateMachine = evseMachine): ChartJson {
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];
  walk(machine.root, states, transitions);
  const initial = machine.root.initial?.target[0];
  return { id: machine.id, initial: initial ? nodeId(initial) : '', states, transitions };
}

/** Options of {@link renderMermaid}. */
export interface RenderMermaidOptions {
  /**
   * Draw the host-mirror `DEVICE_STATE` jumps (one from "any state" to every state).
   * @default false
   */
  mirror?: boolean;
}

const mermaidId = (id: string) => (id === ROOT ? 'anyState' : id.replace(/\./g, '_'));
const hex = (code: number) => `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * The chart as Mermaid `stateDiagram-v2` text: fault kinds nested in `fault`, transitions
 * labelled with their event (and guard). Transitions defined on the root start at "any state".
 */
export function renderMermaid(
  machine: AnyStateMachine = evseMachine,
  options: RenderMermaidOptions = {},
): string {
  const chart = machineToJson(machine);
  const lines = ['stateDiagram-v2', `  [*] --> ${mermaidId(chart.initial)}`];
  lines.push('  state "any state" as anyState');
  const declare = (s: ChartState, indent: string) => {
    const label =
      s.code === null ? s.id.split('.').pop() : `${s.id.split('.').pop()} (${hex(s.code)})`;
    lines.push(`${indent}state "${label}" as ${mermaidId(s.id)}`);
  };
  for (const s of chart.states.filter((x) => x.parent === undefined)) {
    const children = chart.states.filter((c) => c.parent === s.id);
    if (children.length === 0) {
      declare(s, '  ');
      continue;
    }
    lines.push(`  state ${mermaidId(s.id)} {`);
    for (const c of children) declare(c, '    ');
    lines.push('  }');
  }
  for (const t of chart.transitions) {
    if (!options.mirror && t.event === 'DEVICE_STATE') continue;
    const label =
      t.guard && t.event !== 'FAULT' && t.event !== 'POST_FAILED'
        ? `${t.event} [${t.guard}]`
        : t.event;
    lines.push(`  ${mermaidId(t.from)} --> ${mermaidId(t.to)} : ${label}`);
  }
  return `${lines.join('\n')}\n`;
}
