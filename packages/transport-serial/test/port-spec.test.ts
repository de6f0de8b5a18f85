import { describe, expect, it } from 'vitest';
import { formatPortSpec, type PortSpec, parsePortSpec } from '../src/index.js';

// Good specs: the text, and what it means.
const good: Array<[string, PortSpec]> = [
  ['/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0' }], // USB adapter
  ['/dev/ttyAMA0', { kind: 'serial', path: '/dev/ttyAMA0' }], // Pi PL011 UART
  ['/dev/serial0', { kind: 'serial', path: '/dev/serial0' }], // Pi GPIO alias
  ['/tmp/evse/ttyEVSE0', { kind: 'serial', path: '/tmp/evse/ttyEVSE0' }], // a PTY link
  ['serial:/dev/ttyACM0', { kind: 'serial', path: '/dev/ttyACM0' }],
  ['serial:///dev/ttyACM0', { kind: 'serial', path: '/dev/ttyACM0' }],
  ['COM3', { kind: 'serial', path: 'COM3' }], // Windows
  ['com12', { kind: 'serial', path: 'COM12' }],
  ['tcp://127.0.0.1:8023', { kind: 'tcp', host: '127.0.0.1', port: 8023 }],
  ['tcp://openevse.local:23', { kind: 'tcp', host: 'openevse.local', port: 23 }],
  ['TCP://host:1/', { kind: 'tcp', host: 'host', port: 1 }],
  ['tcp://[::1]:65535', { kind: 'tcp', host: '::1', port: 65535 }],
  [' emulator ', { kind: 'emulator' }],
];

// Bad specs: the text, and what the message must point at. Each is a BAD_SPEC error.
const bad: Array<[string, RegExp]> = [
  ['', /empty/],
  ['tcp://host', /needs a port/],
  ['tcp://host:', /needs a port/],
  ['tcp://:8023', /needs a host/],
  ['tcp://host:0', /out of range 1–65535/],
  ['tcp://host:65536', /out of range/],
  ['tcp://host:80x', /"80x" is not a number/],
  ['tcp://host:23/path', /unexpected "\/path"/],
  ['udp://host:23', /unknown scheme "udp:"/],
  ['http://host:80', /unknown scheme "http:"/],
  ['ttyUSB0', /did you mean \/dev\/ttyUSB0/],
  ['serial:ttyUSB0', /absolute device path/],
  ['emulatorr', /not a device path, tcp:\/\/ URL or "emulator"/],
];

describe('parsePortSpec', () => {
  it.each(good)('%s', (text, spec) => {
    expect(parsePortSpec(text)).toEqual(spec);
  });

  it.each(bad)('rejects %j', (text, why) => {
    let err: unknown;
    try {
      parsePortSpec(text);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ name: 'SerialTransportError', code: 'BAD_SPEC' });
    expect((err as Error).message).toMatch(why);
    // Every message says what would be accepted.
    expect((err as Error).message).toMatch(/tcp:\/\/host:port/);
  });

  it('formatPortSpec reads back to the same spec', () => {
    for (const [, spec] of good) expect(parsePortSpec(formatPortSpec(spec))).toEqual(spec);
  });
});
