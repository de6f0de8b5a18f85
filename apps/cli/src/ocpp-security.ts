/**
 * `--password`, `--ca`, `--cert`, `--key`: the OCPP security profiles of a charge point
 * (OCPP 1.6 Security Whitepaper profiles 1–3, built by `@evse/ocppj`'s `openSocket`): HTTP
 * Basic auth `chargeBoxId:password` on the upgrade, the central system's certificate checked
 * against a given CA instead of the system store, a TLS client certificate. Files are read
 * and checked before anything connects, so a bad one is a usage error naming its option; the
 * password is never printed.
 */
import { readFileSync } from 'node:fs';
import { checkSecurityOptions, type SecurityOptions } from '@evse/ocppj';
import { type Command, Option } from 'commander';
import { UsageError } from './errors.js';

/** The options as commander gives them (file paths). */
export interface OcppSecurityCliOptions {
  password?: string;
  ca?: string;
  cert?: string;
  key?: string;
}

/** Add the four options to a command that runs charge points. */
export function addOcppSecurityOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--password <password>',
        'HTTP Basic auth password (the AuthorizationKey) on the WebSocket upgrade: security profile 1, or 2 over wss://; never printed',
      ).env('EVSE_OCPP_PASSWORD'),
    )
    .option(
      '--ca <file>',
      "wss://: trust the central system's certificate only from this CA (PEM) instead of the system store",
    )
    .option('--cert <file>', 'wss://: TLS client certificate (PEM), security profile 3; with --key')
    .option('--key <file>', 'the private key (PEM) of --cert');
}

const FLAGS = { ca: '--ca', cert: '--cert', key: '--key' } as const;

/** Read the PEM files and check the combination against `url`; a UsageError names the option. */
export function ocppSecurity(
  options: OcppSecurityCliOptions,
  url: URL,
  chargeBoxId: string,
): SecurityOptions {
  const out: { -readonly [K in keyof SecurityOptions]: SecurityOptions[K] } = {};
  if (options.password !== undefined) out.password = options.password;
  for (const name of ['ca', 'cert', 'key'] as const) {
    const file = options[name];
    if (file === undefined) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new UsageError(`${FLAGS[name]} ${file}: cannot read it (${why})`);
    }
    if (!text.includes('-----BEGIN '))
      throw new UsageError(`${FLAGS[name]} ${file}: not a PEM file (no -----BEGIN line)`);
    out[name] = text;
  }
  if ((out.cert === undefined) !== (out.key === undefined))
    throw new UsageError(out.cert === undefined ? '--key needs --cert' : '--cert needs --key');
  try {
    checkSecurityOptions({ ...out, url: url.href, chargeBoxId });
  } catch (error) {
    // "cert: cert and key go together" → "--cert: cert and key go together".
    const message = (error as Error).message.replace(/^(\w+):/, (_, n: string) =>
      n === 'password' ? '--password:' : `${FLAGS[n as keyof typeof FLAGS] ?? n}:`,
    );
    throw new UsageError(message);
  }
  return out;
}
