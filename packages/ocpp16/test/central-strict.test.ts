/**
 * SteVe's answers to bad 1.6 frames (STEVE.md §1.5): each bad CALL from a 1.6 session gets the
 * CALLERROR SteVe sends, judged against the 1.6 table (1.5 habits included, §3), and the
 * subprotocol is chosen in the client's order among the served `ocpp1.6`/`ocpp1.5` (§1.2).
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { connectClient, type RpcClientLike, startCentral16 } from './support/central16.js';
import { upgradeStatus } from './support/upgrade.js';

const CANNOT_UNDERSTAND = 'Invalid payload value (cannot understand one field)';
const CONSTRAINTS = 'Violation of field constraints';

/** Sends a raw frame and resolves with the CS's answer to it (by message id). */
async function answerTo(client: RpcClientLike, id: string, text: string): Promise<unknown[]> {
  const answer = new Promise<unknown[]>((resolve) => {
    const onMessage = ({ message, outbound }: { message: unknown; outbound: boolean }) => {
      if (outbound) return;
      const frame = JSON.parse(String(message)) as unknown[];
      if (frame[1] !== id) return;
      client.off('message', onMessage);
      resolve(frame);
    };
    client.on('message', onMessage);
  });
  client.sendRaw(text);
  return answer;
}

const call = (id: string, action: string, payload: unknown) =>
  JSON.stringify([2, id, action, payload]);

describe('bad 1.6 CALLs get SteVe’s CALLERRORs', () => {
  const cases: [string, string, unknown[]][] = [
    [
      'a 1.5 status (Occupied)',
      call('a', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Occupied' }),
      [
        4,
        'a',
        'PropertyConstraintViolation',
        'Message validation failed',
        { errorMsg: CANNOT_UNDERSTAND },
      ],
    ],
    [
      '1.5 MeterValues (values instead of meterValue)',
      call('b', 'MeterValues', { connectorId: 1, values: [] }),
      [
        4,
        'b',
        'PropertyConstraintViolation',
        'Message validation failed',
        { errorMsg: CONSTRAINTS },
      ],
    ],
    [
      'a 1.6 length limit (info over 50)',
      call('c', 'StatusNotification', {
        connectorId: 1,
        errorCode: 'OtherError',
        status: 'Faulted',
        info: 'x'.repeat(51),
      }),
      [
        4,
        'c',
        'PropertyConstraintViolation',
        'Message validation failed',
        { errorMsg: CONSTRAINTS },
      ],
    ],
    [
      'a StopTransaction reason 1.6 does not know',
      call('d', 'StopTransaction', {
        transactionId: 1,
        meterStop: 1,
        timestamp: '2026-06-01T12:00:00Z',
        reason: 'Unplugged',
      }),
      [
        4,
        'd',
        'PropertyConstraintViolation',
        'Message validation failed',
        { errorMsg: CANNOT_UNDERSTAND },
      ],
    ],
    [
      'an operation the central system sends',
      call('e', 'TriggerMessage', { requestedMessage: 'Heartbeat' }),
      [
        4,
        'e',
        'NotImplemented',
        "The action 'TriggerMessage' you are looking for is not found",
        {},
      ],
    ],
    [
      'an unknown action',
      call('f', 'SignCertificate', { csr: 'x' }),
      [
        4,
        'f',
        'NotImplemented',
        "The action 'SignCertificate' you are looking for is not found",
        {},
      ],
    ],
    [
      'a payload that is not JSON',
      '[2,"g","Heartbeat",{]',
      [4, 'g', 'FormationViolation', 'The payload for action could not be deserialized', {}],
    ],
  ];
  for (const [name, text, expected] of cases)
    it(name, async () => {
      const cs = await startCentral16();
      const { client } = await connectClient(cs.url, { strictMode: false });
      expect(await answerTo(client, String(expected[1]), text)).toEqual(expected);
    });

  it('accepts what SteVe’s Jackson reads leniently: a 1.6 date without offset', async () => {
    const cs = await startCentral16();
    const { client } = await connectClient(cs.url, { strictMode: false });
    const frame = await answerTo(
      client,
      'h',
      call('h', 'StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Available',
        timestamp: '2026-06-01T12:00:00',
      }),
    );
    expect(frame).toEqual([3, 'h', {}]);
    expect(cs.stations()[0]?.connectors[1]?.timestamp).toBe('2026-06-01T12:00:00Z');
  });

  it('closes the session with 1011 on a CALLRESULT nobody asked for', async () => {
    const cs = await startCentral16();
    const { client } = await connectClient(cs.url, { strictMode: false });
    const closed = once(client, 'close');
    client.sendRaw(JSON.stringify([3, 'nobody-asked', {}]));
    const [event] = (await closed) as [{ code: number }];
    expect(event.code).toBe(1011);
  });
});

describe('subprotocol negotiation (STEVE.md §1.2)', () => {
  const cases: [string[], string][] = [
    [['ocpp1.6'], 'ocpp1.6'],
    [['ocpp1.5'], 'ocpp1.5'],
    [['ocpp1.6', 'ocpp1.5'], 'ocpp1.6'],
    [['ocpp1.5', 'ocpp1.6'], 'ocpp1.5'],
    [['ocpp2.0.1', 'ocpp1.6'], 'ocpp1.6'],
  ];
  for (const [offered, chosen] of cases)
    it(`offered ${offered.join(', ')} → ${chosen}`, async () => {
      const cs = await startCentral16();
      const { client } = await connectClient(cs.url, { protocols: offered, strictMode: false });
      expect([client.protocol, cs.connections()[0]?.protocol]).toEqual([chosen, chosen]);
    });

  it('refuses a client offering no served subprotocol (404) or none at all (400)', async () => {
    const cs = await startCentral16();
    const url = cs.urlFor('CP1');
    expect(await upgradeStatus(url, { 'sec-websocket-protocol': 'ocpp2.0.1, OCPP1.6' })).toBe(404);
    expect(await upgradeStatus(url, {})).toBe(400);
    expect(await upgradeStatus(url, { 'sec-websocket-protocol': 'ocpp1.6' })).toBe(101);
  });
});
