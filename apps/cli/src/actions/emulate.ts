import { createEmulator } from '@evse/transport-emulator';
import { formatHostPort } from '../args.js';
import type { EmulateOptions } from '../commands/emulate.js';
import { type CommandContext, untilAborted } from '../context.js';
import { exposeEmulator } from '../expose.js';
import { emulatorViews, formatStatusLine, statusKey } from '../io/format.js';
import { createCleanup } from '../lifecycle.js';

/** Run an emulated station, exposed on PTY/TCP/HTTP, until Ctrl-C. */
export async function emulate(ctx: CommandContext, options: EmulateOptions): Promise<void> {
  const cleanup = createCleanup(ctx.io.stderr);
  try {
    const emulator = createEmulator({
      profile: options.profile,
      ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
      ...(options.authLock ? { authLock: true } : {}),
    });
    cleanup.add('the emulator', () => emulator.close());
    ctx.out.line(
      `Emulated OpenEVSE station (${options.profile} profile${options.authLock ? ', auth lock' : ''})`,
    );
    const exposed = await exposeEmulator(
      emulator,
      {
        pty: options.pty ?? false,
        tcp: options.tcp,
        http: options.http,
        security: options,
        maxClients: options.maxClients,
      },
      ctx.out,
      cleanup,
    );
    if (exposed.tcp) ctx.out.line(`Try: evse rapi tcp://${formatHostPort(exposed.tcp)} '$GS'`);
    if (exposed.controlUrl) ctx.out.line(`Try: evse ev connect --http ${exposed.controlUrl}`);
    // While charging the snapshot changes on every control-loop pass (energy, elapsed time):
    // JSON lines come on each state change and otherwise at most once a second.
    let lastJson = { key: '', at: 0 };
    const subscription = emulator.control.status$.subscribe((snapshot) => {
      if (options.json) {
        const key = statusKey(snapshot);
        const now = Date.now();
        if (key === lastJson.key && now - lastJson.at < 1000) return;
        lastJson = { key, at: now };
        ctx.out.json(snapshot);
        return;
      }
      const { status, meter } = emulatorViews(snapshot);
      ctx.out.status(formatStatusLine(status, meter), statusKey(status));
    });
    cleanup.add('the status display', () => subscription.unsubscribe());
    // The emulator keeps running (settings stay in memory); say so once per failed save.
    const problems = emulator.errors$.subscribe((error) => {
      ctx.io.stderr.write(`evse: warning: ${error.message}\n`);
    });
    cleanup.add('the warnings', () => problems.unsubscribe());
    await untilAborted(ctx.signal);
    ctx.out.end();
    ctx.out.line('Shutting down');
  } finally {
    await cleanup.run();
  }
  ctx.out.line('Stopped');
}
