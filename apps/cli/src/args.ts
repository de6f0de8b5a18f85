import {
  chargeBoxIdProblem,
  DEFAULT_FIRMWARE,
  escapeControl,
  FIRMWARE_VERSIONS,
  idTagProblem,
} from '@evse/core';
import { InvalidArgumentError, Option } from 'commander';

/** A listen or connect address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Everything binds to loopback unless the user names another interface. */
export const DEFAULT_HOST = '127.0.0.1';

/**
 * Commander argument parser for `HOST:PORT` (also `PORT`, `:PORT`, `[::1]:PORT`). Port 0
 * means "any free port"; the command prints the one it got. An `http://HOST:PORT/` URL is
 * taken as its HOST:PORT, so `EVSE_HTTP`, the address `evse ev` talks to, is also the one
 * `evse emulate` serves when both read it (config/apply.ts).
 */
export function parseHostPort(value: string): HostPort {
  const text = value.trim().replace(/^http:\/\/([^/]*)\/?$/i, '$1');
  const match = /^(?:(\[[^\]]+\]|[^:]*):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !(port >= 0 && port <= 65535)) {
    throw new InvalidArgumentError('expected HOST:PORT, e.g. 127.0.0.1:8023');
  }
  const host = match[1]?.replace(/^\[|\]$/g, '') || DEFAULT_HOST;
  return { host, port };
}

/**
 * A `--flag <host:port>` option, parsed by {@link parseHostPort}; with `defaultValue`, help
 * shows it as written (`(default: 127.0.0.1:8023)`), not as the parsed object's JSON.
 */
export function hostPortOption(flags: string, description: string, defaultValue?: string): Option {
  const option = new Option(flags, description).argParser(parseHostPort);
  return defaultValue === undefined
    ? option
    : option.default(parseHostPort(defaultValue), defaultValue);
}

/** `host:port` for printing (brackets around IPv6). */
export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Commander argument parser for an http(s) base URL; `HOST:PORT` is accepted too. */
export function parseHttpUrl(value: string): URL {
  const text = /^[a-z]+:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('expected a URL like http://127.0.0.1:8024');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('expected an http:// or https:// URL');
  }
  return url;
}

/** Commander argument parser for a ws:// or wss:// URL. */
export function parseWsUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(
      'expected a URL like ws://127.0.0.1:8180/steve/websocket/CentralSystemService',
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new InvalidArgumentError('expected a ws:// or wss:// URL');
  }
  return url;
}

/** Commander argument parser for a number > 0. */
export function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

/** Commander argument parser for a whole number ≥ 1. */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

/** Commander argument parser for an idTag: 1 to 20 printable characters (OCPP 1.5 IdToken). */
export function parseIdTag(value: string): string {
  const problem = idTagProblem(value);
  if (problem !== null) throw new InvalidArgumentError(`an idTag ${problem}`);
  return value;
}

/** The items `value` adds to a repeatable list option, each checked by `problemOf`. */
function checkedList(
  value: string,
  previous: readonly string[],
  problemOf: (item: string) => string | null,
  say: (item: string, problem: string) => string,
): string[] {
  const items = parseList(value, previous);
  for (const item of items.slice(previous.length)) {
    const problem = problemOf(item);
    if (problem !== null)
      throw new InvalidArgumentError(say(JSON.stringify(escapeControl(item)), problem));
  }
  return items;
}

/** Commander argument parser for a comma-separated list of idTags (`--tags A,B`). */
export function parseIdTagList(value: string, previous: readonly string[] = []): string[] {
  return checkedList(value, previous, idTagProblem, (tag, p) => `tag ${tag}: an idTag ${p}`);
}

/** Commander argument parser for a chargeBoxId SteVe accepts (STEVE.md §1.1). */
export function parseChargeBoxId(value: string): string {
  const problem = chargeBoxIdProblem(value);
  if (problem !== null) throw new InvalidArgumentError(`a chargeBoxId ${problem}`);
  return value;
}

/** Commander argument parser for a comma-separated list of chargeBoxIds (`--allow A,B`). */
export function parseChargeBoxIdList(value: string, previous: readonly string[] = []): string[] {
  return checkedList(value, previous, chargeBoxIdProblem, (id, p) => `${id}: a chargeBoxId ${p}`);
}

/** Commander argument parser for a comma-separated list (`A,B,C`). */
export function parseList(value: string, previous: readonly string[] = []): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list');
  return [...previous, ...items];
}

/**
 * `--firmware <version>`: which controller firmware an emulator runs (FIELD-FIRMWARE.md §2);
 * the choices are core's table, so `--help` lists them and a bad value is a usage error.
 */
export function firmwareOption(): Option {
  return new Option('--firmware <version>', 'controller firmware to emulate (FIELD-FIRMWARE.md §2)')
    .choices([...FIRMWARE_VERSIONS])
    .default(DEFAULT_FIRMWARE);
}

/** Commander argument parser for a baud rate (a positive integer). */
export function parseBaud(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError('expected a baud rate, e.g. 115200');
  }
  return n;
}
