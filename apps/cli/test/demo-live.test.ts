// `evse demo` after its scripted session, driven with `evse ev` as its closing lines suggest:
// a swipe's report, a fault told once per connector, and Ctrl-C ending the open transaction
// at the central system (AUDIT-2026-12.md #3, #29); the suggested `evse ocpp` line sets a
// 10 A TxDefaultProfile the dashboard then shows. A real demo process; ev and ocpp in-process.
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';
import { runInProcess } from './support/memory-io.js';

afterEach(() => killAll());

const ANY_PORTS = ['--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0', '--listen', '127.0.0.1:0'];
const count = (text: string, line: string) => text.split('\n').filter((l) => l === line).length;

describe('evse demo, live', () => {
  it('reports swipes, a fault once per connector, and Ctrl-C stops the open transaction', async () => {
    const demo = startCli(['demo', '--speed', '4', ...ANY_PORTS]);
    const http = (await demo.waitFor(/^Control API listening on (\S+)$/m))[1] ?? '';
    await demo.waitFor(/^Everything stays up until Ctrl-C/m, 50_000);
    const ev = (...args: string[]) => runInProcess(['ev', ...args, '--http', http]);

    // The suggested `evse ocpp` line, run as printed: a TxDefaultProfile for the next session.
    const [, id = '', request = '', central = ''] = await demo.waitFor(
      /^ {2}evse ocpp (\S+) SetChargingProfile '(.+)' --central (\S+)$/m,
    );
    expect(
      await runInProcess(['ocpp', id, 'SetChargingProfile', request, '--central', central]),
    ).toMatchObject({ code: 0, stdout: `${id} SetChargingProfile: Accepted\n` });

    // #3: a swipe is not "ok": the card reader heard it and the demo prints the verdict.
    const unknown = await ev('authorize', 'NOPE');
    expect(unknown).toMatchObject({
      code: 0,
      stdout: 'authorize NOPE: swipe delivered to the card reader; the bridge decides\n',
    });
    await demo.waitFor(
      /^ {2}charge point: Authorize NOPE: Invalid \(central\), the EVSE stays asleep$/m,
    );

    expect((await ev('connect')).code).toBe(0);
    expect((await ev('authorize', 'DEMO-TAG-1')).code).toBe(0);
    await demo.waitFor(/^ {2}charge point: StartTransaction accepted: transaction 2$/m);
    expect((await ev('charge')).code).toBe(0);
    // The dashboard shows the profile's limit on transaction 2, and the protocol.
    await expect
      .poll(async () => (await (await fetch(`${http}/dashboard/status`)).json()) as object, {
        timeout: 20_000,
      })
      .toMatchObject({ ocppProtocol: 'ocpp1.6', limit: { amps: 10, profile: { id: 2 } } });
    expect((await ev('fault', 'gfci')).code).toBe(0);
    // #29: one line per connector (0 is the whole station), not the same line twice.
    await demo.waitFor(
      /^ {2}central system: EVSE-DEMO-1 StatusNotification connector 1: Faulted GroundFailure$/m,
    );
    for (const connector of [0, 1]) {
      const line = `  charge point: StatusNotification connector ${connector}: Faulted GroundFailure`;
      expect(count(demo.stdout(), line), line).toBe(1);
    }

    // #29: Ctrl-C with transaction 2 open ends it at the central system before stopping.
    expect(await demo.stop('SIGINT')).toBe(0);
    const after = demo.stdout().slice(demo.stdout().indexOf('\nShutting down\n'));
    expect(after).toMatch(/^ {2}charge point: Ending transaction 2/m);
    expect(after).toMatch(
      /^ {2}central system: EVSE-DEMO-1 StopTransaction transaction 2, meter \d+ Wh$/m,
    );
    expect(after).toMatch(/\nStopped\n$/);
    expect(demo.stderr()).toBe('');
  }, 120_000);
});
