import { createStation } from '@evse/core';
import { redactUrl } from '@evse/ocppj';
import { serveControlApi } from '@evse/transport-emulator';
import { createClaimBook } from '@evse/wifi';
import type { HostPort } from '../args.js';
import { cardReader } from '../bridge/card-reader.js';
import { startGate } from '../bridge/gate.js';
import { serveBridgeApi } from '../bridge/http.js';
import { startBridge } from '../bridge/run.js';
import { describeSetAside, settleQueue } from '../bridge/shutdown.js';
import type { BridgeOptions } from '../commands/bridge.js';
import { logConnection } from '../connection-log.js';
import { type CommandContext, untilAborted } from '../context.js';
import { serveWithDashboard } from '../dashboard.js';
import { CliError, failed } from '../errors.js';
import { createCleanup } from '../lifecycle.js';
import { bridgeMetrics } from '../metrics/bridge.js';
import { ocppSecurity } from '../ocpp-security.js';
import { chooseOcppVersion } from '../ocpp-version.js';
import { openPort, parsePortArg } from '../port.js';
import { checkWifiOptions, claimsSource, ocppConnection, startWifi } from '../wifi.js';

/** Bridge a station to an OCPP 1.5 or 1.6 central system until Ctrl-C. */
export async function bridge(ctx: CommandContext, options: BridgeOptions): Promise<void> {
  checkWifiOptions(options);
  const security = ocppSecurity(options, options.ocpp, options.id);
  const spec = parsePortArg(options.port);
  // Before anything else, so the first line says which version (auto: the server's pick).
  const version = await chooseOcppVersion(
    options.ocppVersion,
    options.ocpp.href.replace(/\/$/, ''),
    options.id,
    security,
    ctx.signal,
    (line) => ctx.out.line(line),
  );
  if (version === null) return; // Ctrl-C while the central system did not answer
  const picked = options.ocppVersion === 'auto' ? ", the central system's pick" : '';
  if (options.json) ctx.out.json({ type: 'ocppVersion', version, auto: picked !== '' });
  else if (picked) ctx.out.line(`OCPP ${version}${picked}`);
  let left: string | null = null;
  const cleanup = createCleanup(ctx.io.stderr);
  try {
    // Any build is gated by sleep (FIELD-FIRMWARE.md §1): the emulator runs its default build.
    const port = await openPort(spec, { reconnect: true });
    cleanup.add(port.label, () => port.close());
    const linkLog = logConnection(port.label, port.connection$, ctx.out);
    if (linkLog) cleanup.add('the link log', () => linkLog.unsubscribe());
    // At start a port where nothing answers is a wrong --port: fail at once, naming it (a
    // service manager restarts us); a link lost later is reopened (AUDIT-2026-12.md #27).
    const station = await createStation(port.transport).catch(
      failed(`no OpenEVSE controller answers RAPI on ${port.label} (--port)`),
    );
    cleanup.add('the station', () => station.close());
    const gate = await startGate(station, ctx.out, options.json === true);
    cleanup.add('the gate', () => gate.close());
    // Every claim (OCPP's, the WiFi module's override and MQTT) goes through one book onto the
    // gate's arbiter, so the module's /claims shows them all (WIFI-API.md §7).
    const book = createClaimBook(gate.arbiter);
    const url = options.ocpp.href.replace(/\/$/, '');
    if (!options.json)
      ctx.out.line(
        `Bridging ${port.label} as ${options.id} to ${redactUrl(url)}/${options.id} (OCPP ${version}${picked})`,
      );
    let running: ReturnType<typeof startBridge>;
    try {
      running = startBridge({
        station,
        arbiter: book,
        url,
        chargeBoxId: options.id,
        security,
        version,
        ...(options.queue === undefined ? {} : { dataDir: options.queue }),
        ...(options.idTag === undefined ? {} : { idTag: options.idTag }),
        ...(port.emulator ? { swipes$: port.emulator.control.swipes$ } : {}),
        out: ctx.out,
        json: options.json === true,
      });
    } catch (error) {
      throw new CliError(`cannot start the charge point`, { cause: error });
    }
    // Counting starts before the charge point's first frame, so /metrics sees the boot too.
    const metrics = options.http ? bridgeMetrics(station, running.chargePoint) : undefined;
    if (metrics) cleanup.add('the metrics', () => metrics.close());
    cleanup.add('the charge point (queue flushed)', () => running.close());
    await startWifi({
      station,
      book,
      options,
      name: `bridge:${options.id}`,
      say: (line) => (options.json ? ctx.io.stderr.write(`${line}\n`) : ctx.out.line(line)),
      cleanup,
      ocppConnected: ocppConnection(running.chargePoint.events$, cleanup),
    });
    if (options.cardReader) {
      // Swipes of an emulator in another process (`evse emulate --http`).
      const reader = cardReader(options.cardReader).subscribe((e) => {
        if (e.type === 'swipe') void running.swipe(e.idTag);
        else if (!options.json)
          ctx.out.line(
            e.type === 'listening'
              ? `Card reader: listening for swipes at ${e.url}`
              : `Card reader: lost ${e.url} (${e.why}); retrying`,
          );
      });
      cleanup.add('the card reader', () => reader.unsubscribe());
    }
    const setAside = running.chargePoint.transactions.setAside();
    if (setAside)
      for (const line of describeSetAside(setAside)) ctx.io.stderr.write(`evse: ${line}\n`);
    if (options.queue && !options.json) {
      const waiting = running.chargePoint.transactions.queued();
      ctx.out.line(`Queue in ${options.queue} (${waiting} waiting)`);
    }
    if (options.http) {
      // One address: the dashboard, and behind it the in-process emulator's whole control API
      // (so `evse ev connect|authorize …` work) or, for a real station, the swipe endpoint.
      const { emulator } = port;
      const bridgeApi = (internal: HostPort, token: string) =>
        serveBridgeApi(
          {
            authorize: async (idTag) => ({ idTagInfo: await running.chargePoint.authorize(idTag) }),
            status: () => ({
              station: station.getStatus(),
              transaction: running.chargePoint.transactions.current(),
              queued: running.chargePoint.transactions.queued(),
            }),
          },
          internal,
          token,
        );
      const url = await serveWithDashboard({
        address: options.http,
        sources: {
          title: `evse bridge ${options.id}`,
          station,
          rapiTraffic$: station.client.traffic$,
          ocppTraffic$: running.chargePoint.traffic$,
          ocppProtocol$: running.protocol$,
          ...(running.limit$ ? { limit$: running.limit$ } : {}),
          claims$: claimsSource(book),
          controls: emulator ? 'emulator' : 'bridge',
          ...(options.idTag === undefined ? {} : { cardTag: options.idTag }),
        },
        api: emulator
          ? (internal, token) => serveControlApi(emulator.control, { ...internal, token })
          : bridgeApi,
        apiName: emulator ? 'the control API' : 'the authorize endpoint',
        ...(metrics ? { metrics: metrics.registry } : {}),
        security: options,
        say: (line) => (options.json ? ctx.io.stderr.write(`${line}\n`) : ctx.out.line(line)),
        cleanup,
      });
      if (options.json)
        ctx.out.json({ type: 'http', url, api: emulator ? 'control' : 'authorize' });
      else {
        ctx.out.line(
          emulator
            ? `Control API listening on ${url}`
            : `Authorize endpoint listening on ${url}/api/authorize`,
        );
        ctx.out.line(`Dashboard at ${url}/`);
      }
    } else if (port.emulator && !options.json) {
      ctx.out.line(
        'Tip: add --http 127.0.0.1:0 for the dashboard and to drive the in-process emulator with `evse ev`',
      );
    }
    await untilAborted(ctx.signal);
    ctx.out.end();
    if (!options.json) ctx.out.line('Shutting down');
    left = await settleQueue(running.chargePoint, {
      queue: options.queue,
      waitS: options.shutdownWait,
      say: (line, json) => {
        if (options.json) ctx.out.json({ type: 'shutdown', ...json });
        else ctx.out.line(line);
      },
    });
  } finally {
    await cleanup.run();
  }
  if (!options.json) ctx.out.line('Stopped');
  if (left) throw new CliError(left);
}
