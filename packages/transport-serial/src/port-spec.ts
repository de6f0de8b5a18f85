import { SerialTransportError } from './errors.js';

/** Where the CLI's `--port` points: a serial device, a TCP endpoint or the built-in emulator. */
export type PortSpec =
  | { readonly kind: 'serial'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'emulator' };

const EXAMPLES = 'use /dev/ttyUSB0, /dev/serial0, COM3, tcp://host:port or emulator';

function bad(spec: string, why: string): SerialTransportError {
  return new SerialTransportError(
    'BAD_SPEC',
    '',
    `bad port ${JSON.stringify(spec)}: ${why} (${EXAMPLES})`,
  );
}

/**
 * Parse a port spec: `/dev/…` (any absolute path) or `serial:/path` or `COMn` → serial;
 * `tcp://host:port` (IPv6 as `tcp://[::1]:8023`) → tcp; `emulator` → emulator. Throws
 * `SerialTransportError` with code `BAD_SPEC` naming what is wrong.
 */
export function parsePortSpec(spec: string): PortSpec {
  if (typeof spec !== 'string') throw bad(String(spec), 'not a string');
  const s = spec.trim();
  if (s === '') throw bad(spec, 'empty');
  if (s === 'emulator') return { kind: 'emulator' };
  if (s.startsWith('/')) return { kind: 'serial', path: s };
  if (/^COM\d+$/i.test(s)) return { kind: 'serial', path: s.toUpperCase() };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s)?.[1]?.toLowerCase();
  if (scheme === 'serial') {
    const path = s.slice('serial:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path.startsWith('/') && !/^COM\d+$/i.test(path)) {
      throw bad(spec, 'serial: needs an absolute device path');
    }
    return { kind: 'serial', path };
  }
  if (scheme === 'tcp') return parseTcp(spec, s);
  if (scheme !== undefined) throw bad(spec, `unknown scheme "${scheme}:"`);
  if (/^tty|^serial\d|^cu\./.test(s))
    throw bad(spec, `device paths are absolute: did you mean /dev/${s}?`);
  throw bad(spec, 'not a device path, tcp:// URL or "emulator"');
}

function parseTcp(spec: string, s: string): PortSpec {
  const m = /^tcp:\/\/(\[[^\]]*\]|[^:/?#[\]]*)(?::([^/?#]*))?(.*)$/i.exec(s);
  if (!m) throw bad(spec, 'tcp needs the form tcp://host:port');
  const [, rawHost = '', rawPort, rest = ''] = m;
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  if (host === '') throw bad(spec, 'tcp:// needs a host');
  if (rest !== '' && rest !== '/') throw bad(spec, `unexpected "${rest}" after the port`);
  if (rawPort === undefined || rawPort === '')
    throw bad(spec, 'tcp:// needs a port, e.g. tcp://host:8023');
  if (!/^\d+$/.test(rawPort)) throw bad(spec, `port "${rawPort}" is not a number`);
  const port = Number(rawPort);
  if (port < 1 || port > 65535) throw bad(spec, `port ${port} is out of range 1–65535`);
  return { kind: 'tcp', host, port };
}

/** The canonical text of a spec (what `parsePortSpec` reads back to the same value). */
export function formatPortSpec(spec: PortSpec): string {
  switch (spec.kind) {
    case 'emulator':
      return 'emulator';
    case 'serial':
      return spec.path;
    case 'tcp':
      return `tcp://${spec.host.includes(':') ? `[${spec.host}]` : spec.host}:${spec.port}`;
  }
}
