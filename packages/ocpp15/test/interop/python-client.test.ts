// Interop: a Python OCPP-J client on Debian's python3-websockets 10.4 (`/usr/bin/python3`,
// installed by .ci/run) against our central system. The script (clients/ocpp_ws_client.py)
// prints what Python observed; each line is compared with what STEVE.md says SteVe does.
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type CentralSystem, createCentralSystem } from '../../src/central/central-system.js';

const PYTHON = '/usr/bin/python3';
const script = fileURLToPath(new URL('./clients/ocpp_ws_client.py', import.meta.url));
const hasWebsockets = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import websockets'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let cs: CentralSystem | undefined;
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  await cs?.close();
  cs = undefined;
});

type Line = { step: string; frame?: unknown[]; [k: string]: unknown };
const SOME_ID = expect.any(String);

describe.skipIf(!hasWebsockets)('python3-websockets client → our central system', () => {
  it('sees SteVe handshake statuses, 1.5 subprotocol, SteVe frames and close codes', async () => {
    cs = await createCentralSystem({
      allow: ['CP1', 'CP2'],
      passwords: { CP2: 'secret' },
      heartbeatIntervalSec: 60,
      utcOffsetMinutes: -300, // a non-UTC JVM zone: Python must read the offset
    });
    const central = cs;
    const proc = spawn(PYTHON, [script, central.url]);
    child = proc;
    let stderr = '';
    proc.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
    });
    const lines: Line[] = [];
    let operator: Promise<unknown> | undefined;
    for await (const text of createInterface({ input: proc.stdout })) {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      // Python waits for one CS CALL here: fire it through the operator API.
      if (line.step === 'ready') operator = central.call('CP1', 'Reset', { type: 'Soft' });
    }
    const code = proc.exitCode ?? (await new Promise((r) => proc.once('close', r)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const at = (step: string): Line => {
      const line = lines.find((l) => l.step === step);
      if (!line) throw new Error(`python printed no ${step}: ${JSON.stringify(lines)}`);
      return line;
    };

    // STEVE.md §1.2: 404 unknown id (≥3.6.0), 400 without subprotocol or with a bad id,
    // 404 without a served subprotocol, 401 for missing/wrong Basic auth.
    expect(at('handshakes')).toEqual({
      step: 'handshakes',
      unknown: 404,
      noSubprotocol: 400,
      only16: 404,
      badId: 400,
      noAuth: 401,
      wrongAuth: 401,
      goodAuth: 101,
    });
    // the first offered protocol we serve, echoed back
    expect(at('open')['subprotocol']).toBe('ocpp1.5');
    expect(at('boot').frame).toEqual([
      3,
      'b1',
      {
        status: 'Accepted',
        currentTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-05:00$/),
        heartbeatInterval: 60,
      },
    ]);
    expect(at('boot')['hasOffset']).toBe(true);
    expect(at('heartbeat').frame).toEqual([3, 'h1', { currentTime: expect.any(String) }]);
    // STEVE.md §1.5, error by error
    expect(at('badEnum').frame).toEqual([
      4,
      's1',
      'PropertyConstraintViolation',
      'Message validation failed',
      { errorMsg: 'Invalid payload value (cannot understand one field)' },
    ]);
    // a naive Python date (no offset) is accepted like SteVe's Jackson reads it (§1.7)
    expect(at('naiveDate').frame).toEqual([3, 's2', {}]);
    expect(
      central.stations().find((s) => s.chargeBoxId === 'CP1')?.connectors[1]?.timestamp,
    ).toMatch(/^\d{4}-.*\.\d{6}-05:00$/);
    expect(at('emptyId').frame).toEqual([
      4,
      '',
      'FormationViolation',
      'The messageId of CALL must be a non-empty string',
      {},
    ]);
    expect(at('reusedId').frame?.slice(0, 3)).toEqual([4, 'h1', 'ProtocolError']);
    expect(at('nullPayload').frame).toEqual([3, 'h2', { currentTime: expect.any(String) }]);
    expect(at('syntax').frame).toEqual([
      4,
      'h3',
      'FormationViolation',
      'The payload for action could not be deserialized',
      {},
    ]);
    expect(at('unknownAction').frame).toEqual([
      4,
      'x1',
      'NotImplemented',
      "The action 'SecurityEventNotification' you are looking for is not found",
      {},
    ]);
    at('pong'); // our server answers a client ping
    // the operator's CALL as Python received it: UUID id, SteVe's action name (STEVE.md §1.6)
    expect(at('csCall').frame).toEqual([2, SOME_ID, 'Reset', { type: 'Soft' }]);
    expect(String(at('csCall').frame?.[1])).toMatch(/^[0-9a-f-]{36}$/);
    expect(await operator).toEqual({ status: 'Accepted' });
    expect(at('after').frame).toEqual([3, 'h4', { currentTime: expect.any(String) }]);
    // binary → 1003, a non-array frame → 1011 with no CALLERROR (STEVE.md §1.4, §1.5)
    expect(at('binary')).toEqual({ step: 'binary', code: 1003 });
    expect(at('notArray')).toEqual({ step: 'notArray', code: 1011 });
    at('done');
  });
});
