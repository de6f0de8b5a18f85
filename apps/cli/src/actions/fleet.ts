import { readFile } from 'node:fs/promises';
import {
  DEFAULT_SCENARIO,
  fdProblem,
  fleetProblems,
  openFileLimit,
  parseScenario,
  runFleet,
  type Scenario,
  ScenarioError,
  shardIndices,
  stationId,
} from '@evse/fleet';
import { redactUrl } from '@evse/ocppj';
import { map, timer } from 'rxjs';
import type { FleetCommandOptions } from '../commands/fleet.js';
import { type CommandContext, unlessAborted } from '../context.js';
import { serveWithDashboard } from '../dashboard.js';
import { CliError, UsageError } from '../errors.js';
import { fleetMqtt } from '../fleet/mqtt.js';
import { chooseShard } from '../fleet/shard-source.js';
import { summaryJson, summaryLine } from '../fleet/summary.js';
import { serveStatusApi } from '../http/status-api.js';
import { createCleanup } from '../lifecycle.js';
import { fleetMetrics } from '../metrics/fleet.js';
import { ocppSecurity } from '../ocpp-security.js';
import { chooseOcppVersion } from '../ocpp-version.js';

/** Read and validate `--scenario FILE`; every problem is a usage error naming file and JSON path. */
async function loadScenario(file: string | undefined): Promise<Scenario> {
  if (file === undefined) return DEFAULT_SCENARIO;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--scenario ${file}: ${(error as Error).message}`);
  }
  try {
    return parseScenario(text);
  } catch (error) {
    if (error instanceof ScenarioError)
      throw new UsageError(`--scenario ${file}: ${error.message}`);
    throw error;
  }
}

/** Run the fleet until it is done, `--duration` passes or Ctrl-C; print a live summary. */
export async function fleet(ctx: CommandContext, options: FleetCommandOptions): Promise<void> {
  const { out } = ctx;
  if (options.mqttBase !== undefined && !options.mqtt)
    throw new UsageError('--mqtt-base: needs --mqtt (the broker the stations publish to)');
  const scenario = await loadScenario(options.scenario);
  const { shard, from } = chooseShard(options.shard, ctx.io.env);
  const mine = shardIndices(options.count, shard).length;
  const problem = fdProblem(mine, openFileLimit());
  if (problem) throw new CliError(problem);
  const url = options.ocpp.href.replace(/\/$/, '');
  const security = ocppSecurity(options, options.ocpp, options.idPrefix);
  const json = options.json === true;
  // auto: one probe handshake with the first station's id decides for the whole fleet.
  const chosen =
    options.ocppVersion === 'mix'
      ? 'mix'
      : await chooseOcppVersion(
          options.ocppVersion,
          url,
          stationId(options.idPrefix, 0, options.count),
          security,
          ctx.signal,
          (line) => out.line(line),
        );
  if (chosen === null) return;
  if (json)
    out.json({ type: 'shard', index: shard.index, total: shard.total, from, ocppVersion: chosen });
  else {
    out.line(
      `Fleet: ${mine} of ${options.count} stations (shard ${shard.index}/${shard.total}, ${from}) to ${redactUrl(url)}/${options.idPrefix}…, seed ${options.seed}, speed ×${options.speed}, OCPP ${chosen === 'mix' ? '1.5 and 1.6 (every other station)' : chosen}${options.ocppVersion === 'auto' ? " (the central system's pick)" : ''}`,
    );
  }
  const running = runFleet({
    url,
    count: options.count,
    idPrefix: options.idPrefix,
    scenario,
    seed: options.seed,
    shard,
    speed: options.speed,
    concurrency: options.concurrency,
    security,
    ocppVersion: chosen,
    ...(options.mqtt
      ? {
          addon: fleetMqtt({
            url: options.mqtt,
            prefix: options.mqttBase ?? 'openevse',
            stations: mine,
            say: (line) => (json ? ctx.io.stderr.write(`${line}\n`) : out.line(line)),
          }),
        }
      : {}),
  });
  let lastMessages = 0;
  let lastRate = 0; // msg/s as last shown, for GET /api/status
  let lastAt = performance.now();
  const show = (final = false): void => {
    const now = performance.now();
    const rate = ((running.stats.messages - lastMessages) * 1000) / Math.max(1, now - lastAt);
    lastMessages = running.stats.messages;
    lastRate = rate;
    lastAt = now;
    const queue = running.queueDepth();
    if (json) out.json(summaryJson(running.stats, queue, rate));
    else if (final) out.line(summaryLine(running.stats, queue, rate));
    else
      out.status(
        summaryLine(running.stats, queue, rate),
        `${running.stats.booted}|${running.stats.errors}`,
      );
  };
  const ticker = setInterval(() => show(), 1000);
  const cleanup = createCleanup(ctx.io.stderr);
  try {
    if (options.http) {
      const url = await serveWithDashboard({
        address: options.http,
        sources: {
          title: 'evse fleet',
          // Every row once a second; the dashboard sends only the changed ones to pages.
          fleet$: timer(0, 1000).pipe(map(() => running.rows())),
        },
        api: (internal, token) =>
          serveStatusApi(
            () => summaryJson(running.stats, running.queueDepth(), lastRate),
            internal,
            token,
          ),
        apiName: 'the fleet status API',
        metrics: fleetMetrics(running),
        security: options,
        say: (line) => (json ? ctx.io.stderr.write(`${line}\n`) : out.line(line)),
        cleanup,
      });
      if (!json) out.line(`Dashboard at ${url}/`);
    }
    // Done = every station ran its sessions and the central system has every message.
    const done = running.finished.then(() => running.drained(60_000));
    const limit =
      options.duration === undefined
        ? done
        : Promise.race([
            done,
            new Promise((r) => setTimeout(r, (options.duration ?? 0) * 1000).unref()),
          ]);
    await unlessAborted(limit, ctx.signal);
  } finally {
    clearInterval(ticker);
    await cleanup.run();
    show(true);
    out.end();
    if (!json) out.line('Closing the fleet');
    await running.close();
  }
  const s = running.stats;
  if (json) out.json({ type: 'done', ...s });
  else {
    out.line(
      `Done: ${s.booted} booted, ${s.transactionsStarted} transactions started, ${s.transactionsStopped} stopped, ${s.energyWh} Wh reported by the stations, ${s.errors} errors`,
    );
  }
  // A run that did not do what it was asked fails, and says why (AUDIT-2026-12.md #7, #8).
  const problems = fleetProblems(s);
  if (problems.length > 0) throw new CliError(problems.join('\nevse: '));
}
