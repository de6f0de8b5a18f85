// A bridge pointed at the wrong OCPP path is told which path SteVe and `evse central` serve,
// and the help's own examples use that path (AUDIT-2026-12.md #12). Real processes.
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';
import { runInProcess } from './support/memory-io.js';

afterEach(() => killAll());

const PATH = '/steve/websocket/CentralSystemService';

describe('bridge at a wrong OCPP path', () => {
  it('says the path may be wrong and names the one evse central serves', async () => {
    const central = startCli(['central', '--listen', '127.0.0.1:0', '--allow-any']);
    const endpoint = (await central.waitFor(/^OCPP endpoint (ws:\S+)$/m))[1] ?? '';
    expect(new URL(endpoint).pathname).toBe(PATH);
    const wrong = `${new URL(endpoint).origin}/ocpp`;
    const bridge = startCli(['bridge', '--port', 'emulator', '--ocpp', wrong, '--id', 'CP-1']);
    await bridge.waitFor(
      /^OCPP error: ws:\S+\/ocpp\/CP-1: HTTP 404: wrong path \(SteVe and evse central serve \/steve\/websocket\/CentralSystemService\/<chargeBoxId>\)/m,
    );
    await central.waitFor(/refused \/ocpp\/CP-1: HTTP 404/);
  }, 60_000);

  it("bridge --help's examples use the path evse central serves", async () => {
    const { code, stdout } = await runInProcess(['bridge', '--help']);
    expect(code).toBe(0);
    const urls = [...stdout.matchAll(/--ocpp (ws:\/\/\S+)/g)].map((m) => m[1] ?? '');
    expect(urls.length).toBeGreaterThan(2);
    for (const url of urls) expect(new URL(url).pathname, url).toBe(PATH);
  });
});
