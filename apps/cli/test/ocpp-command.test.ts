// `evse ocpp <chargeBoxId> <Action> [request]` against a real `evse central` with a 1.6 bridge
// connected: each answer printed as what the charge point said, a refusal exits 1, a bad
// request exits 2 naming it (issue 15: the central system's CLI operator surface).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatedBridge, killAll, runCli, startCli } from '../../../test/support/evse-cli.js';

let central: URL;
beforeAll(async () => {
  const cs = startCli(['central', '--listen', '127.0.0.1:0', '--allow', 'CP-OP', '--tags', 'T1']);
  const url = (await cs.waitFor(/^OCPP endpoint (ws:\S+)$/m))[1] ?? '';
  central = new URL(url.replace(/^ws:/, 'http:'));
  const bridge = startCli([...emulatedBridge(url, 'CP-OP'), '--ocpp-version', '1.6']);
  await bridge.waitFor(/^BootNotification Accepted/m, 30_000);
}, 60_000);
afterAll(() => killAll());

const ocpp = (...args: string[]) => runCli(['ocpp', ...args, '--central', central.origin]);

describe('evse ocpp', () => {
  it('sends an operation and prints the status the charge point answered', async () => {
    const r = await ocpp('CP-OP', 'TriggerMessage', '{"requestedMessage":"Heartbeat"}');
    expect(r).toMatchObject({ code: 0, stdout: 'CP-OP TriggerMessage: Accepted\n', stderr: '' });
  }, 30_000);

  it('exits 1 when the charge point refuses, saying so', async () => {
    const r = await ocpp('CP-OP', 'ClearChargingProfile', '{"id":77}');
    expect(r.stdout).toBe('CP-OP ClearChargingProfile: Unknown\n');
    expect(r.stderr).toMatch(/CP-OP refused ClearChargingProfile \(Unknown\)/);
    expect(r.code).toBe(1);
  }, 30_000);

  it('prints a confirmation without a status as JSON, and all of it with --json', async () => {
    const r = await ocpp('CP-OP', 'GetLocalListVersion');
    expect(r).toMatchObject({ code: 0, stdout: 'CP-OP GetLocalListVersion: {"listVersion":0}\n' });
    const j = await ocpp('CP-OP', 'GetConfiguration', '{"key":["HeartbeatInterval"]}', '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false }],
    });
  }, 30_000);

  it('exits 1 for a charge point that is not connected, naming it', async () => {
    const r = await ocpp('CP-NONE', 'Reset', '{"type":"Soft"}');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/CP-NONE Reset: NotConnected/);
  }, 30_000);

  it('exits 2 for a request that is not a JSON object or an operation the CS does not send', async () => {
    const bad = await ocpp('CP-OP', 'Reset', '{type:Soft}');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/request.*JSON object/);
    const notCs = await ocpp('CP-OP', 'Heartbeat');
    expect(notCs.code).toBe(2);
    expect(notCs.stderr).toMatch(/'Heartbeat' is invalid for argument 'action'/);
  }, 30_000);
});
