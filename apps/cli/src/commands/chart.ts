import { type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';

/** `evse chart`: the EVSE statechart as Mermaid (docs) or JSON (the visualiser). */
export function registerChart(program: Command, ctx: CommandContext): void {
  program
    .command('chart')
    .description('print the EVSE statechart (states and transitions)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['mermaid', 'json'])
        .default('mermaid'),
    )
    .addHelpText(
      'after',
      `
Examples:
  evse chart > evse.mmd              Mermaid stateDiagram-v2, for docs
  evse chart --format json | jq .    states and transitions, for the visualiser`,
    )
    .action(async (options: { format: 'mermaid' | 'json' }) =>
      (await import('../actions/chart.js')).chart(ctx, options.format),
    );
}
