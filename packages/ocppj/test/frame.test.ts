import { describe, expect, it } from 'vitest';
import {
  type FrameErrorStage,
  OcppCallError,
  type OcppFrame,
  parseFrame,
  serializeFrame,
} from '../src/index.js';

describe('parseFrame / serializeFrame round trip', () => {
  const fixtures: [string, OcppFrame][] = [
    [
      '[2,"1","BootNotification",{"chargePointVendor":"OpenEVSE","chargePointModel":"v8"}]',
      {
        type: 2, // CALL
        id: '1', // message id
        action: 'BootNotification', // action
        payload: { chargePointVendor: 'OpenEVSE', chargePointModel: 'v8' }, // payload
      },
    ],
    [
      '[3,"1",{"currentTime":"2026-01-01T00:00:00.000Z"}]',
      { type: 3, id: '1', payload: { currentTime: '2026-01-01T00:00:00.000Z' } },
    ],
    [
      '[4,"1","NotImplemented","no such action",{"errorMsg":"x"}]',
      {
        type: 4,
        id: '1',
        code: 'NotImplemented',
        description: 'no such action',
        details: { errorMsg: 'x' },
      },
    ],
    [
      '[4,"2","GenericError","",{}]',
      { type: 4, id: '2', code: 'GenericError', description: '', details: {} },
    ],
  ];
  it.each(fixtures)('%s', (text, frame) => {
    expect(parseFrame(text)).toEqual({ ok: true, frame });
    expect(serializeFrame(frame)).toBe(text);
  });

  it('reads a null CALL payload as {} (SteVe issue #1109, STEVE.md §1.5)', () => {
    expect(parseFrame('[2,"a","Heartbeat",null]')).toEqual({
      ok: true,
      frame: { type: 2, id: 'a', action: 'Heartbeat', payload: {} },
    });
  });

  it('fills a missing CALLERROR description/details with "" and {}', () => {
    expect(parseFrame('[4,"a","GenericError"]')).toEqual({
      ok: true,
      frame: { type: 4, id: 'a', code: 'GenericError', description: '', details: {} },
    });
  });
});

describe('parseFrame rejects in the order JSON → array → type → id → action → payload', () => {
  const bad: [string, FrameErrorStage, { messageType?: number; id?: string; action?: string }][] = [
    ['', 'json', {}],
    ['not json', 'json', {}],
    ['[2,"a","Heart', 'json', {}],
    ['{"a":1}', 'array', {}],
    ['"text"', 'array', {}],
    ['[]', 'type', {}],
    ['[5,"a","Heartbeat",{}]', 'type', {}],
    ['["2","a","Heartbeat",{}]', 'type', {}],
    ['[2,null,"Heartbeat",{}]', 'id', { messageType: 2 }],
    ['[2,"","Heartbeat",{}]', 'id', { messageType: 2 }],
    ['[2,7,"Heartbeat",{}]', 'id', { messageType: 2 }],
    ['[3]', 'id', { messageType: 3 }],
    ['[2,"a",7,{}]', 'action', { messageType: 2, id: 'a' }],
    ['[2,"a"]', 'action', { messageType: 2, id: 'a' }],
    ['[2,"a","Heartbeat"]', 'payload', { messageType: 2, id: 'a', action: 'Heartbeat' }],
    ['[2,"a","Heartbeat",[]]', 'payload', { messageType: 2, id: 'a', action: 'Heartbeat' }],
    ['[2,"a","Heartbeat","{}"]', 'payload', { messageType: 2, id: 'a', action: 'Heartbeat' }],
    // a readable CALL header with a broken payload is a payload error, not an unreadable frame
    ['[2,"a","Heartbeat",{"x":]', 'payload', { messageType: 2, id: 'a', action: 'Heartbeat' }],
    ['[3,"a",5]', 'payload', { messageType: 3, id: 'a' }],
    ['[4,"a",5,"",{}]', 'shape', { messageType: 4, id: 'a' }],
    ['[4,"a","GenericError","",[]]', 'shape', { messageType: 4, id: 'a' }],
  ];
  it.each(bad)('%j fails at %s', (text, stage, known) => {
    const r = parseFrame(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.stage).toBe(stage);
    expect(r.error.message).not.toBe('');
    expect({ messageType: r.error.messageType, id: r.error.id, action: r.error.action }).toEqual({
      messageType: undefined,
      id: undefined,
      action: undefined,
      ...known,
    });
  });
});

describe('parseFrame never throws', () => {
  it('describes deeply nested values instead of serialising them', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const asPayload = parseFrame(`[2,"a","Heartbeat",${deep}]`);
    expect(asPayload).toMatchObject({
      ok: false,
      error: { stage: 'payload', message: 'the payload must be a JSON object, got an array' },
    });
    const asType = parseFrame(`[${deep},"a"]`);
    expect(asType).toMatchObject({
      ok: false,
      error: { stage: 'type', message: 'unknown message type an array' },
    });
  });
});

describe('OcppCallError.fromWire', () => {
  it('rebuilds a known code with its details', () => {
    const e = OcppCallError.fromWire('PropertyConstraintViolation', 'bad', { errorMsg: 'x' });
    expect(e).toBeInstanceOf(OcppCallError);
    expect([e?.code, e?.message, e?.details, e?.fromPeer]).toEqual([
      'PropertyConstraintViolation',
      'bad',
      { errorMsg: 'x' },
      true,
    ]);
  });
  it('returns null for codes outside the OCPP-J 1.6 list (2.0.1 codes, wrong case)', () => {
    for (const code of [
      'FormatViolation',
      'OccurrenceConstraintViolation',
      'RpcFrameworkError',
      'MessageTypeNotSupported',
      'notimplemented',
    ])
      expect(OcppCallError.fromWire(code, '', {})).toBeNull();
  });
});
