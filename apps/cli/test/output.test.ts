// The printing layer in-process: the live status line on a terminal, plain lines elsewhere,
// and errors as one line (stack only with --debug).
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeError } from '../src/errors.js';
import { run } from '../src/index.js';
import { createOutput, withPrefix } from '../src/io/output.js';
import { memoryIo } from './support/memory-io.js';

function sink(isTTY: boolean, columns?: number) {
  let text = '';
  return {
    stream: { isTTY, ...(columns ? { columns } : {}), write: (s: string) => (text += s) },
    text: () => text,
  };
}

describe('createOutput', () => {
  it('without a terminal prints a status only when its key changes', () => {
    const s = sink(false);
    const out = createOutput(s.stream);
    expect(out.live).toBe(false);
    out.status('state connected 0.0 A', 'connected');
    out.status('state connected 1.0 A', 'connected'); // same key: an energy tick, not news
    out.status('state charging 16.0 A', 'charging');
    out.line('an event');
    out.json({ a: 1 });
    expect(s.text()).toBe('state connected 0.0 A\nstate charging 16.0 A\nan event\n{"a":1}\n');
  });

  it('without a terminal repeats a status whose text changed under the same key every repeatMs', () => {
    // AUDIT-2026-12.md #22: the meter of a charging session reaches journald.
    const s = sink(false);
    let now = 0;
    const out = createOutput(s.stream, { repeatMs: 10_000, now: () => now });
    out.status('charging 24.0 A 0.000 kWh', 'charging');
    now = 9_999;
    out.status('charging 24.0 A 0.016 kWh', 'charging'); // too soon
    now = 10_000;
    out.status('charging 24.0 A 0.017 kWh', 'charging');
    now = 30_000;
    out.status('charging 24.0 A 0.017 kWh', 'charging'); // the same text is never repeated
    expect(s.text()).toBe('charging 24.0 A 0.000 kWh\ncharging 24.0 A 0.017 kWh\n');
  });

  it('on a terminal redraws the status line in place and keeps log lines above it', () => {
    const s = sink(true);
    const out = createOutput(s.stream);
    out.status('one');
    out.status('two');
    out.line('log');
    out.end();
    expect(s.text()).toBe('one\r\x1b[2Ktwo\r\x1b[2Klog\ntwo\n');
  });

  it('cuts the status line to the terminal width', () => {
    const s = sink(true, 10);
    createOutput(s.stream).status('0123456789abcdef');
    expect(s.text()).toBe('01234567…');
  });

  it('escapes control characters: a value from outside cannot colour or forge a line', () => {
    const s = sink(false);
    const out = createOutput(s.stream);
    out.line('Authorize \u001b[31mRED\u001b[0m: Invalid');
    out.line('Authorize A\nB FAKE LINE: Invalid');
    out.status('card \u009b2J\u202eevil');
    out.json({ idTag: 'A\nB\u001b\u009b\u202e' });
    const lines = s.text().split('\n');
    expect(lines).toEqual([
      'Authorize \\x1b[31mRED\\x1b[0m: Invalid',
      'Authorize A\\nB FAKE LINE: Invalid',
      'card \\x9b2J\\u202eevil',
      '{"idTag":"A\\nB\\u001b\\u009b\\u202e"}',
      '',
    ]);
    expect(JSON.parse(lines[3] ?? '')).toEqual({ idTag: 'A\nB\u001b\u009b\u202e' });
  });

  it('withPrefix prefixes lines only', () => {
    const s = sink(false);
    const out = withPrefix(createOutput(s.stream), '  cp: ');
    out.line('hello');
    out.status('status');
    expect(s.text()).toBe('  cp: hello\nstatus\n');
  });
});

describe('errors', () => {
  it('describeError names the code and the cause in one line', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const error = Object.assign(new Error('cannot open tcp://127.0.0.1:9', { cause }), {
      code: 'REFUSED',
    });
    expect(describeError(error)).toBe(
      'cannot open tcp://127.0.0.1:9 (REFUSED): connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(describeError(new Error('first line\nsecond line'))).toBe('first line');
    expect(describeError('a string')).toBe('a string');
  });

  it('a runtime failure is one line with exit code 1, and --debug adds the stack', async () => {
    const plain = memoryIo();
    expect(await run(['ev', 'status', '--http', 'http://127.0.0.1:1'], plain)).toBe(1);
    expect(plain.err()).toMatch(
      /^evse: cannot reach the control API at http:\/\/127\.0\.0\.1:1 \(port 1 is one fetch refuses to use; serve the control API on another\)/,
    );
    expect(plain.err().trim().split('\n')).toHaveLength(1);
    const debug = memoryIo();
    expect(await run(['--debug', 'ev', 'status', '--http', 'http://127.0.0.1:1'], debug)).toBe(1);
    expect(debug.err()).toMatch(/\n\s+at /);
  });

  it('a busy port names the address and the option to change, exit code 1', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const io = memoryIo();
      expect(await run(['central', '--listen', `127.0.0.1:${port}`], io)).toBe(1);
      expect(io.err()).toMatch(
        new RegExp(
          `^evse: cannot listen for OCPP on 127\\.0\\.0\\.1:${port} \\(--listen\\): .*EADDRINUSE.*\\n$`,
        ),
      );
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it("--version prints the package's version and exits 0", async () => {
    const io = memoryIo();
    expect(await run(['--version'], io)).toBe(0);
    const { version } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(version).not.toBe('0.0.0');
    expect(io.out()).toBe(`${version}\n`);
  });
});
