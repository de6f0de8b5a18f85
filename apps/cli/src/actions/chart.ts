import { machineToJson, renderMermaid } from '@evse/core';
import type { CommandContext } from '../context.js';

/** Print the statechart of core's `evseMachine`. */
export function chart(ctx: CommandContext, format: 'mermaid' | 'json'): void {
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(machineToJson(), null, 2)}\n`);
    return;
  }
  const text = renderMermaid();
  ctx.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
