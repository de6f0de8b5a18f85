import { createStation, type MeterReading, type StationStatus } from '@evse/core';
import { merge } from 'rxjs';
import type { WatchOptions } from '../commands/watch.js';
import { logConnection } from '../connection-log.js';
import { type CommandContext, untilAborted } from '../context.js';
import { formatStatusLine } from '../io/format.js';
import { createCleanup } from '../lifecycle.js';
import { openPort, parsePortArg } from '../port.js';

/** Live status of a station until Ctrl-C. */
export async function watch(
  ctx: CommandContext,
  portArg: string,
  options: WatchOptions,
): Promise<void> {
  const spec = parsePortArg(portArg);
  const cleanup = createCleanup(ctx.io.stderr);
  try {
    const port = await openPort(spec, { reconnect: true });
    cleanup.add(port.label, () => port.close());
    const station = await createStation(port.transport, { meterIntervalMs: options.interval });
    cleanup.add('the station', () => station.close());
    const linkLog = logConnection(port.label, port.connection$, ctx.out);
    if (linkLog) cleanup.add('the link log', () => linkLog.unsubscribe());
    if (!options.json) {
      const info = await station.info();
      ctx.out.line(
        `Watching ${port.label} (firmware ${info.firmwareVersion}, RAPI ${info.protocolVersion})`,
      );
    }
    let status: StationStatus = station.getStatus();
    let meter: MeterReading | null = await station.readMeter().catch(() => null);
    let last = '';
    const show = (): void => {
      const record = toRecord(status, meter);
      const key = JSON.stringify(record);
      if (key === last) return;
      last = key;
      if (options.json) ctx.out.json({ at: new Date().toISOString(), ...record });
      else ctx.out.status(formatStatusLine(status, meter ?? undefined));
    };
    show();
    const updates = merge(station.status$, station.meter$).subscribe((value) => {
      if ('state' in value) status = value;
      else meter = value;
      show();
    });
    cleanup.add('the status display', () => updates.unsubscribe());
    await untilAborted(ctx.signal);
    ctx.out.end();
  } finally {
    await cleanup.run();
  }
}

/** The JSON line of `watch --json`: status and meter, without timestamps. */
function toRecord(status: StationStatus, meter: MeterReading | null): Record<string, unknown> {
  if (!meter) return { ...status };
  const { at: _at, ...values } = meter;
  return { ...status, ...values };
}
