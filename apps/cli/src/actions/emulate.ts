import { createArbiter, createStation, firmwareProfile } from '@evse/core';
import { createEmulator, type Emulator, type EmulatorStatus } from '@evse/transport-emulator';
import { createClaimBook } from '@evse/wifi';
import { filter, firstValueFrom } from 'rxjs';
import { formatHostPort } from '../args.js';
import type { EmulateOptions } from '../commands/emulate.js';
import { type CommandContext, untilAborted } from '../context.js';
import { UsageError } from '../errors.js';
import { exposeEmulator } from '../expose.js';
import { emulatorViews, formatStatusLine, statusKey } from '../io/format.js';
import { type Cleanup, createCleanup } from '../lifecycle.js';
import { checkWifiOptions, startWifi } from '../wifi.js';

/** The emulator the options ask for; a build that never existed is a usage error. */
function startEmulator(options: EmulateOptions): Emulator {
  const build = {
    firmware: options.firmware,
    profile: options.profile,
    authLock: options.authLock === true,
    bootLock: options.bootlock === true,
  };
  try {
    firmwareProfile(build);
  } catch (error) {
    const flag = /AUTH_LOCK/.test(String(error))
      ? '--auth-lock'
      : /BOOTLOCK/.test(String(error))
        ? '--bootlock'
        : '--profile';
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
  return createEmulator({
    ...build,
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
    ...(options.baud === undefined ? {} : { baud: options.baud }),
  });
}

/** `firmware 8.2.3 (RAPI 5.2.1, arduino build, auth lock)` for the start-up line. */
function describeBuild(status: EmulatorStatus, options: EmulateOptions): string {
  const p = firmwareProfile({
    firmware: options.firmware,
    profile: options.profile,
    authLock: options.authLock === true,
    bootLock: options.bootlock === true,
  });
  const extras = [
    p.firmware === '8.2.3' ? `${p.profile} build` : null,
    p.authLock ? 'auth lock' : null,
    p.bootLock ? 'boot lock' : null,
    options.baud ? `${options.baud} baud` : null,
  ].filter((x) => x !== null);
  return `firmware ${status.firmwareVersion} (RAPI ${p.protocolText}${extras.map((x) => `, ${x}`).join('')})`;
}

/**
 * `--wifi`/`--mqtt`: the WiFi module in front of the emulator, as on a real installation — a
 * station mirror and its arbiter, which the module's claims drive (WIFI-API.md §7).
 */
async function serveModule(
  emulator: Emulator,
  options: EmulateOptions,
  ctx: CommandContext,
  cleanup: Cleanup,
): Promise<void> {
  if (!options.wifi && !options.mqtt) return;
  // The module talks to the controller once it has booted (it answers nothing before).
  await firstValueFrom(emulator.control.status$.pipe(filter((s) => s.state !== 'starting')));
  const station = await createStation(emulator.transport);
  cleanup.add('the module station', () => station.close());
  const arbiter = createArbiter(station);
  cleanup.add('the arbiter', () => arbiter.close());
  const book = createClaimBook(arbiter);
  await arbiter.start();
  await startWifi({
    station,
    book,
    options,
    name: `emulate:${options.tcp ? formatHostPort(options.tcp) : 'in-process'}`,
    say: (line) => (options.json ? ctx.io.stderr.write(`${line}\n`) : ctx.out.line(line)),
    cleanup,
  });
}

/** Run an emulated station, exposed on PTY/TCP/HTTP, until Ctrl-C. */
export async function emulate(ctx: CommandContext, options: EmulateOptions): Promise<void> {
  checkWifiOptions(options);
  const cleanup = createCleanup(ctx.io.stderr);
  try {
    const emulator = startEmulator(options);
    cleanup.add('the emulator', () => emulator.close());
    ctx.out.line(`Emulated OpenEVSE station: ${describeBuild(emulator.control.status(), options)}`);
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
    await serveModule(emulator, options, ctx, cleanup);
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
