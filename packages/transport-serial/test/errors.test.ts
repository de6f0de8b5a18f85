import { describe, expect, it } from 'vitest';
import { serialOpenError, tcpOpenError } from '../src/errors.js';

// serialport reports open failures as messages only (no errno): bindings-cpp 13
// `serialport_unix.cpp` builds "Error: <strerror>, cannot open <path>" and
// "Error <strerror> Cannot lock port"; binding-mock 10 has its own wording.
const serialCases: Array<[string, string]> = [
  ['Error: No such file or directory, cannot open /dev/ttyUSB0', 'NOT_FOUND'],
  ["Port does not exist - please call MockBinding.createPort('/dev/ttyUSB0') first", 'NOT_FOUND'],
  ['Error: Permission denied, cannot open /dev/ttyUSB0', 'PERMISSION_DENIED'],
  ['Error Resource temporarily unavailable Cannot lock port', 'BUSY'],
  ['Port is locked cannot open', 'BUSY'],
  ['Error: Device or resource busy, cannot open /dev/ttyUSB0', 'BUSY'],
  ['Error: Is a directory, cannot open /dev/ttyUSB0', 'OPEN_FAILED'],
  ['Error: Inappropriate ioctl for device setting custom baud rate of 115200', 'OPEN_FAILED'],
];

describe('serialOpenError', () => {
  it.each(serialCases)('%s → %s', (message, code) => {
    const cause = new Error(message);
    const err = serialOpenError('/dev/ttyUSB0', cause);
    expect(err).toMatchObject({ code, port: '/dev/ttyUSB0', cause });
    expect(err.message).toContain('/dev/ttyUSB0');
  });

  it('each code names its fix', () => {
    const fix = (m: string) => serialOpenError('/dev/ttyUSB0', new Error(m)).message;
    expect(fix('No such file or directory')).toMatch(/plugged in.*evse ports/);
    expect(fix('Permission denied')).toMatch(/usermod -aG dialout/);
    expect(fix('Cannot lock port')).toMatch(/another program holds it/);
    expect(fix('Error: Is a directory, cannot open /dev/ttyUSB0')).toBe(
      'cannot open /dev/ttyUSB0: Is a directory',
    );
  });
});

describe('tcpOpenError', () => {
  const withCode = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
  it.each([
    ['ECONNREFUSED', 'REFUSED', /refused/],
    ['ENOTFOUND', 'NOT_FOUND', /cannot resolve/],
    ['EAI_AGAIN', 'NOT_FOUND', /cannot resolve/],
    ['ETIMEDOUT', 'TIMEOUT', /timed out/],
    ['EACCES', 'PERMISSION_DENIED', /not permitted/],
    ['EHOSTUNREACH', 'OPEN_FAILED', /EHOSTUNREACH/],
  ])('%s → %s', (errno, code, message) => {
    const err = tcpOpenError('tcp://evse.local:23', withCode(errno));
    expect(err).toMatchObject({ code, port: 'tcp://evse.local:23' });
    expect(err.message).toMatch(message);
    expect(err.message).toContain('tcp://evse.local:23');
  });
});
