import {
  type CentralStore,
  type CentralSystem16,
  createCentralSystem,
  createOperatorHandler,
  openSqliteStore,
} from '@evse/ocpp16/central';
import { formatHostPort } from '../args.js';
import { describeCentral, startCentralDisplay } from '../central/display.js';
import { operatorPolicyFor } from '../central/operator.js';
import { centralSecurity } from '../central/security.js';
import type { CentralOptions } from '../commands/central.js';
import { type CommandContext, untilAborted } from '../context.js';
import { CliError, describeError, failed } from '../errors.js';
import { createCleanup } from '../lifecycle.js';
import { type CentralMetrics, centralMetrics } from '../metrics/central.js';
import { answerMetrics } from '../metrics/http.js';

/** Open the --db file, or say why not. */
function openStore(file: string): CentralStore {
  try {
    return openSqliteStore(file);
  } catch (error) {
    throw new CliError(`cannot open --db ${file}: ${describeError(error)}`, { cause: error });
  }
}

/** Run the SteVe-like central system until Ctrl-C. */
export async function central(ctx: CommandContext, options: CentralOptions): Promise<void> {
  // Usage errors first, before anything opens.
  const security = centralSecurity(options, ctx.io.env);
  const operatorPolicy = operatorPolicyFor(options);
  const cleanup = createCleanup(ctx.io.stderr);
  try {
    const store = options.db === undefined ? undefined : openStore(options.db);
    // GET /metrics on the OCPP address, behind the central system's own request policy.
    let metrics: CentralMetrics | undefined;
    // POST /api/ocpp/<id>/<Action>: the operator's CALLs, behind core's policy (and the token).
    let running: CentralSystem16 | undefined;
    const operator = createOperatorHandler(() => running, operatorPolicy);
    const cs = await createCentralSystem({
      httpHandler: (req, res) =>
        (metrics !== undefined && answerMetrics(metrics.registry, req, res)) || operator(req, res),
      host: options.listen.host,
      port: options.listen.port,
      // SteVe's rule: registered ids only, unless told to accept any (audit 2026-12 #14).
      allow: options.allowAny ? 'any' : (options.allow ?? []),
      ...(store === undefined ? {} : { store }),
      // A fleet shares one tag over many stations: --tag-sessions lifts the default of one
      // open transaction per tag (STEVE.md §1.8, ConcurrentTx).
      tags: Object.fromEntries(
        (options.tags ?? []).map((tag) => [
          tag,
          { status: 'Accepted' as const, maxActiveTransactions: options.tagSessions ?? 1 },
        ]),
      ),
      ...(options.log === undefined ? {} : { logFile: options.log }),
      ...security,
    }).catch((error: unknown) => {
      store?.close();
      const { syscall, path } = error as { syscall?: unknown; path?: unknown };
      if (options.log !== undefined && syscall === 'open' && path === options.log)
        return failed(`cannot write --log ${options.log}`)(error);
      return failed(`cannot listen for OCPP on ${formatHostPort(options.listen)} (--listen)`)(
        error,
      );
    });
    running = cs;
    cleanup.add('the central system', () => cs.close());
    const counting = centralMetrics(cs);
    metrics = counting;
    cleanup.add('the metrics', () => counting.close());
    if (!options.json) {
      for (const line of describeCentral(cs, { ...options, ...describeSecurity(security) }))
        ctx.out.line(line);
    } else {
      // The same start-up facts for scripts: where, who may connect, where data is kept.
      ctx.out.json({
        type: 'ready',
        url: cs.url,
        versions: ['ocpp1.6', 'ocpp1.5'],
        ...describeSecurity(security),
        allow: options.allowAny ? 'any' : [...(options.allow ?? [])],
        store: { location: cs.store.location, durable: cs.store.durable },
      });
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

/** What the start-up lines say about security: whether a password and client certificates are required, never the password. */
function describeSecurity(security: {
  readonly password?: string;
  readonly tls?: { readonly requestCert?: boolean };
}): { basicAuth: boolean; clientCertificates: boolean } {
  return {
    basicAuth: security.password !== undefined,
    clientCertificates: security.tls?.requestCert === true,
  };
}
