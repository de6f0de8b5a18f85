import { createCentralSystem } from '@evse/ocpp15';
import { formatHostPort } from '../args.js';
import { describeCentral, startCentralDisplay } from '../central/display.js';
import type { CentralOptions } from '../commands/central.js';
import { type CommandContext, untilAborted } from '../context.js';
import { failed } from '../errors.js';
import { createCleanup } from '../lifecycle.js';

/** Run the SteVe-like central system until Ctrl-C. */
export async function central(ctx: CommandContext, options: CentralOptions): Promise<void> {
  const cleanup = createCleanup(ctx.io.stderr);
  try {
    const cs = await createCentralSystem({
      host: options.listen.host,
      port: options.listen.port,
      allow: options.allow ?? 'any',
      tags: Object.fromEntries((options.tags ?? []).map((tag) => [tag, 'Accepted' as const])),
      ...(options.log === undefined ? {} : { logFile: options.log }),
    }).catch(failed(`cannot listen for OCPP on ${formatHostPort(options.listen)} (--listen)`));
    cleanup.add('the central system', () => cs.close());
    if (!options.json) {
      for (const line of describeCentral(cs, options)) ctx.out.line(line);
    }
    const display = startCentralDisplay(cs, ctx.out, { json: options.json === true });
    cleanup.add('the display', () => display.unsubscribe());
    await untilAborted(ctx.signal);
    ctx.out.end();
    if (!options.json) ctx.out.line('Shutting down');
  } finally {
    await cleanup.run();
  }
  if (!options.json) ctx.out.line('Stopped');
}
