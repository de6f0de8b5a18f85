/**
 * `evse central`'s security options: the Basic-auth password (`--password` or
 * `$EVSE_OCPP_PASSWORD`) and TLS files (`--tls-cert`, `--tls-key`, `--tls-ca`), turned into
 * the central system's `password` and `tls` options (security profiles 1–3, STEVE.md §1.2).
 * The password goes nowhere else: no line, no event, no error message carries it.
 */
import { readFileSync } from 'node:fs';
import type { CentralTlsOptions } from '@evse/ocpp16/central';
import type { CentralOptions } from '../commands/central.js';
import { CliError, describeError, UsageError } from '../errors.js';

/** What the security options resolve to. */
export interface CentralSecurity {
  readonly password?: string;
  readonly tls?: CentralTlsOptions;
}

const read = (option: string, file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${option} ${file}: ${describeError(error)}`, { cause: error });
  }
};

/** Checks and reads the security options; usage errors name the option. */
export function centralSecurity(
  options: CentralOptions,
  env: Readonly<Record<string, string | undefined>>,
): CentralSecurity {
  const password = options.password ?? env['EVSE_OCPP_PASSWORD'];
  if (password === '')
    throw new UsageError(
      `${options.password === undefined ? '$EVSE_OCPP_PASSWORD' : '--password'}: must not be empty`,
    );
  if (options.tlsCert !== undefined && options.tlsKey === undefined)
    throw new UsageError('--tls-cert: needs --tls-key (the private key of the certificate)');
  if (options.tlsKey !== undefined && options.tlsCert === undefined)
    throw new UsageError('--tls-key: needs --tls-cert');
  if (options.tlsCa !== undefined && options.tlsCert === undefined)
    throw new UsageError(
      '--tls-ca: needs --tls-cert and --tls-key (client certificates need wss://)',
    );
  const tls: CentralTlsOptions | undefined =
    options.tlsCert === undefined || options.tlsKey === undefined
      ? undefined
      : {
          cert: read('--tls-cert', options.tlsCert),
          key: read('--tls-key', options.tlsKey),
          ...(options.tlsCa === undefined
            ? {}
            : { ca: read('--tls-ca', options.tlsCa), requestCert: true }),
        };
  return {
    ...(password === undefined ? {} : { password }),
    ...(tls === undefined ? {} : { tls }),
  };
}
