import { createStation } from '@evse/core';
import {
  type CentralSystem16,
  createCentralSystem,
  createOperatorHandler,
} from '@evse/ocpp16/central';
import {
  createEmulator,
  createVirtualClock,
  type EmulatorOptions,
  serveControlApi,
} from '@evse/transport-emulator';
import { createClaimBook } from '@evse/wifi';
import { formatHostPort } from '../args.js';
import { startGate } from '../bridge/gate.js';
import { startBridge } from '../bridge/run.js';
import { DEFAULT_SHUTDOWN_WAIT_S, settleQueue } from '../bridge/shutdown.js';
import { startCentralDisplay } from '../central/display.js';
import { operatorPolicyFor } from '../central/operator.js';
import { DEFAULT_CENTRAL_LISTEN } from '../commands/central.js';
import type { DemoOptions } from '../commands/demo.js';
import { DEFAULT_CONTROL_URL } from '../commands/ev.js';
import { type CommandContext, untilAborted } from '../context.js';
import { serveWithDashboard } from '../dashboard.js';
import { DEMO_PROFILE_REQUEST } from '../demo/profile-steps.js';
import { runScriptedSession } from '../demo/script.js';
import { waitFor } from '../demo/wait.js';
import { CliError, failed } from '../errors.js';
import { exposeEmulator } from '../expose.js';
import { withPrefix } from '../io/output.js';
import { createCleanup } from '../lifecycle.js';
import { chooseOcppVersion } from '../ocpp-version.js';
import { waitForBoot } from '../port.js';
import { claimsSource, ocppConnection, startWifi } from '../wifi.js';

/** How often the virtual clock is moved when `--speed` is above 1. */
const TICK_MS = 20;

/** Emulator + central system + bridge in one process, a scripted session, then live. */
export async function demo(ctx: CommandContext, options: DemoOptions): Promise<void> {
  const cleanup = createCleanup(ctx.io.stderr);
  const { out } = ctx;
  let left: string | null = null;
  try {
    // The central system first: with auto the version is its pick, and the first line says it.
    // It serves 1.6J and 1.5J on one endpoint, as SteVe does (@evse/ocpp16/central).
    // POST /api/ocpp/<id>/<Action> (`evse ocpp`), as `evse central` serves it.
    let running: CentralSystem16 | undefined;
    const operator = createOperatorHandler(() => running, operatorPolicyFor(options));
    const cs = await createCentralSystem({
      httpHandler: operator,
      host: options.listen.host,
      port: options.listen.port,
      allow: 'any',
      tags: { [options.idTag]: 'Accepted' },
    }).catch(failed(`cannot listen for OCPP on ${formatHostPort(options.listen)} (--listen)`));
    running = cs;
    cleanup.add('the central system', () => cs.close());
    const version = await chooseOcppVersion(
      options.ocppVersion,
      cs.url,
      options.id,
      {},
      ctx.signal,
      (line) => out.line(line),
    );
    if (version === null) return; // Ctrl-C while probing
    const picked = options.ocppVersion === 'auto' ? ", the central system's pick" : '';
    out.line(
      `evse demo: an emulated OpenEVSE station, a SteVe-like central system and the OCPP bridge (OCPP ${version}${picked})`,
    );

    // The default build of the chosen firmware: gated by sleep like any controller
    // (FIELD-FIRMWARE.md §1).
    const emulatorOptions: EmulatorOptions = { firmware: options.firmware };
    if (options.speed !== 1) {
      // The emulator runs on a virtual clock that a real timer moves `speed` times faster.
      const clock = createVirtualClock();
      const ticker = setInterval(() => clock.advance(TICK_MS * options.speed), TICK_MS);
      cleanup.add('the clock', () => clearInterval(ticker));
      emulatorOptions.clock = clock;
    }
    const emulator = createEmulator(emulatorOptions);
    cleanup.add('the emulator', () => emulator.close());
    // The dashboard comes once the station and the charge point exist (its sources).
    const exposed = await exposeEmulator(emulator, { tcp: options.tcp }, out, cleanup);

    out.line(`OCPP endpoint ${cs.url}`);
    const csDisplay = startCentralDisplay(cs, out, { json: false, prefix: '  central system: ' });
    cleanup.add('the central system display', () => csDisplay.unsubscribe());

    await waitForBoot(emulator);
    const station = await createStation(emulator.transport, { meterIntervalMs: 2000 });
    cleanup.add('the station', () => station.close());
    const { firmware, protocol } = station.capabilities;
    out.line(`Emulated controller: firmware ${firmware} (RAPI ${protocol})`);
    const bridgeOut = withPrefix(out, '  charge point: ');
    const gate = await startGate(station, bridgeOut, false);
    cleanup.add('the gate', () => gate.close());
    // The WiFi module's claims and the charge point's share one book on the arbiter (WIFI-API.md §7).
    const book = createClaimBook(gate.arbiter);
    const bridge = startBridge({
      station,
      arbiter: book,
      url: cs.url,
      chargeBoxId: options.id,
      version,
      swipes$: emulator.control.swipes$,
      out: bridgeOut,
      // Off a terminal the step lines already tell the story; the live line would repeat it.
      statusLine: out.live,
    });
    cleanup.add('the charge point', () => bridge.close());
    const ocppUp = ocppConnection(bridge.chargePoint.events$, cleanup);
    // Started before the boot completes, so the page has the BootNotification exchange too.
    const control = await serveWithDashboard({
      address: options.http,
      sources: {
        title: 'evse demo',
        station,
        rapiTraffic$: station.client.traffic$,
        ocppTraffic$: bridge.chargePoint.traffic$,
        ocppProtocol$: bridge.protocol$,
        ...(bridge.limit$ ? { limit$: bridge.limit$ } : {}),
        claims$: claimsSource(book),
        controls: 'emulator',
        cardTag: options.idTag, // the tag the demo's central system accepts
      },
      api: (internal, token) => serveControlApi(emulator.control, { ...internal, token }),
      apiName: 'the control API',
      security: options,
      say: (line) => out.line(line),
      cleanup,
    });
    out.line(`Control API listening on ${control}`);
    out.line(`Dashboard at ${control}/`);
    if (options.wifi) {
      await startWifi({
        station,
        book,
        options: { wifi: options.wifi },
        name: `demo:${options.id}`,
        say: (line) => out.line(line),
        cleanup,
        ocppConnected: ocppUp,
      });
    }
    await waitFor(
      bridge.chargePoint.events$,
      (e) => e.type === 'booted' && e.status === 'Accepted',
      'the charge point booting at the central system',
      20_000,
      ctx.signal,
    );

    out.line('Scripted session:');
    const result = await runScriptedSession({
      control: emulator.control,
      station,
      chargePoint: bridge.chargePoint,
      idTag: options.idTag,
      out,
      signal: ctx.signal,
      speed: options.speed,
      // 1.6 adds the central system's steps: a 10 A charging profile, then none.
      ...(version === '1.6' ? { central: { cs, chargeBoxId: options.id } } : {}),
    });
    const recorded = cs
      .transactions(options.id)
      .find((t) => t.transactionId === result.transactionId);
    out.line(
      `Session complete: transaction ${result.transactionId}, ${result.meterStop - result.meterStart} Wh by the station's meter, ${recorded?.energyWh ?? '?'} Wh recorded by the central system`,
    );
    if (recorded?.state !== 'stopped') {
      throw new CliError(
        `demo: the central system has no stopped transaction ${result.transactionId}`,
      );
    }
    if (options.once) return;

    // With the default address `evse ev` finds the control API by itself.
    const http = control === DEFAULT_CONTROL_URL ? '' : ` --http ${control}`;
    out.line(`Everything stays up until Ctrl-C. Open ${control}/ in a browser, or try:`);
    out.line(`  evse ev connect${http}`);
    out.line(`  evse ev authorize ${options.idTag}${http}`);
    out.line(`  evse ev charge${http}`);
    out.line(`  evse ev fault gfci${http}`);
    if (exposed.tcp) {
      out.line(`  evse rapi tcp://${formatHostPort(exposed.tcp)} '$GS'`);
      out.line(`  evse watch tcp://${formatHostPort(exposed.tcp)}`);
    }
    if (version === '1.6') {
      const central = new URL(cs.url.replace(/^ws/, 'http')).origin;
      const where = central === `http://${DEFAULT_CENTRAL_LISTEN}` ? '' : ` --central ${central}`;
      out.line(
        `  evse ocpp ${options.id} SetChargingProfile '${JSON.stringify(DEMO_PROFILE_REQUEST)}'${where}`,
      );
    }
    out.line(`  or point another charge point at ${cs.url}/<chargeBoxId>`);
    out.line('(in a checkout without the bin linked, `evse` is `npx -y pnpm@10.34.9 -s evse`)');
    await untilAborted(ctx.signal);
    out.end();
    out.line('Shutting down');
    // A transaction left open would stay open at the central system: end it and deliver its
    // StopTransaction while the central system is still up (AUDIT-2026-12.md #29).
    left = await settleQueue(bridge.chargePoint, {
      queue: undefined,
      waitS: DEFAULT_SHUTDOWN_WAIT_S,
      say: (line) => bridgeOut.line(line),
    });
  } finally {
    await cleanup.run();
  }
  if (!options.once) out.line('Stopped');
  if (left) throw new CliError(left);
}
