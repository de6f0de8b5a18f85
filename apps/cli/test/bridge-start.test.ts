// `evse bridge` at a port where nothing answers RAPI gives up at start, naming the port and
// the option (a wrong --port; a service manager restarts it), instead of a bare timeout
// (AUDIT-2026-12.md #27). A real silent TCP listener and a real process.
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/evse-cli.js';

describe('bridge start-up at a silent port', () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket); // accepts and never answers
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('exits 1 at once, naming the port and --port', async () => {
    const ocpp = 'ws://127.0.0.1:9/steve/websocket/CentralSystemService';
    const spec = `tcp://127.0.0.1:${port}`;
    const { code, stdout, stderr } = await runCli([
      'bridge',
      '--port',
      spec,
      '--ocpp',
      ocpp,
      '--id',
      'CP-1',
    ]);
    expect(stderr).toMatch(
      new RegExp(
        `^evse: no OpenEVSE controller answers RAPI on ${spec} \\(--port\\): no reply to \\$GV`,
      ),
    );
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stdout).not.toContain('Bridging');
    expect(code).toBe(1);
    expect(sockets.size).toBeGreaterThan(0); // it did connect: the port is silent, not closed
  }, 30_000);
});
