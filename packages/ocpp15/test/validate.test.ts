import { isDateTime, type Spec, validatePayload } from '@evse/ocppj';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, ACTIONS } from '../src/wire/messages.js';
import { validateConfirmation, validateRequest } from '../src/wire/validate.js';
import { mutate, randomValue } from './support/generate.js';
import { oracle, schemaIndex, schemas } from './support/oracle.js';
import { createRng } from './support/rng.js';

/** The parts of a JSON Schema node the structural comparison reads. */
interface Json {
  type?: unknown;
  maxLength?: unknown;
  enum?: unknown;
  format?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  minItems?: unknown;
  items?: Json;
  additionalProperties?: unknown;
  properties?: Record<string, Json>;
  required?: string[];
}

/** Compares one spec node with one JSON Schema node; returns the differences. */
function diff(spec: Spec, schema: Json, path: string): string[] {
  const out: string[] = [];
  const expectEq = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${path} ${what}: spec ${JSON.stringify(a)} vs schema ${JSON.stringify(b)}`);
  };
  switch (spec.kind) {
    case 'string':
      expectEq('type', 'string', schema.type);
      expectEq('maxLength', spec.maxLength, schema.maxLength);
      expectEq('enum/format', undefined, schema.enum ?? schema.format);
      break;
    case 'dateTime':
      expectEq('type', 'string', schema.type);
      expectEq('format', 'date-time', schema.format);
      break;
    case 'int':
      expectEq('type', 'integer', schema.type);
      expectEq('range', [-2147483648, 2147483647], [schema.minimum, schema.maximum]);
      break;
    case 'boolean':
      expectEq('type', 'boolean', schema.type);
      break;
    case 'enum':
      expectEq('enum', spec.values, schema.enum);
      break;
    case 'array':
      expectEq('type', 'array', schema.type);
      expectEq('minItems', spec.minItems, schema.minItems ?? 0);
      out.push(...diff(spec.items, schema.items ?? {}, `${path}[]`));
      break;
    case 'object': {
      expectEq('type', 'object', schema.type);
      expectEq('additionalProperties', false, schema.additionalProperties);
      const props = schema.properties ?? {};
      expectEq('keys', Object.keys(spec.props).sort(), Object.keys(props).sort());
      const required = Object.entries(spec.props)
        .filter(([, p]) => p.required)
        .map(([k]) => k);
      expectEq('required', required.sort(), [...(schema.required ?? [])].sort());
      for (const [k, p] of Object.entries(spec.props))
        if (props[k]) out.push(...diff(p.spec, props[k], `${path}.${k}`));
    }
  }
  return out;
}

describe('the action table against the fixture schemas', () => {
  it('has exactly the 24 operations of index.json with the same directions', () => {
    expect([...ACTION_NAMES].sort()).toEqual(Object.keys(schemaIndex.actions).sort());
    for (const name of ACTION_NAMES) {
      const directions = ACTIONS[name].from.map((f) =>
        f === 'chargePoint' ? 'ChargePoint->CentralSystem' : 'CentralSystem->ChargePoint',
      );
      expect(directions.sort(), name).toEqual(
        [...(schemaIndex.actions[name]?.directions ?? [])].sort(),
      );
    }
    // 25 action/direction pairs: DataTransfer goes both ways.
    expect(ACTION_NAMES.reduce((n, a) => n + ACTIONS[a].from.length, 0)).toBe(25);
  });

  it.each(ACTION_NAMES.flatMap((a) => [[a, 'req'] as const, [a, 'conf'] as const]))(
    '%s.%s matches the schema field for field',
    (action, kind) => {
      expect(diff(ACTIONS[action][kind], schemas[`${action}.${kind}`] as Json, action)).toEqual([]);
    },
  );
});

describe('validator vs ajv oracle', () => {
  const cases = ACTION_NAMES.flatMap((a) => [[a, 'req'] as const, [a, 'conf'] as const]);

  it('accepts every generated valid payload, like ajv (100 per message)', () => {
    const rng = createRng(1505);
    const failures: string[] = [];
    let n = 0;
    for (const [action, kind] of cases)
      for (let i = 0; i < 100; i++) {
        const payload = randomValue(ACTIONS[action][kind], rng);
        const theirs = oracle(action, kind, payload);
        const ours = validatePayload(ACTIONS[action][kind], payload);
        if (theirs.length > 0 || !ours.ok)
          failures.push(`${action}.${kind} ${JSON.stringify(payload)} ajv=${theirs.join(',')}`);
        n++;
      }
    expect(failures).toEqual([]);
    expect(n).toBe(4800);
  });

  it('agrees with ajv on 9600 randomly mutated payloads', () => {
    const rng = createRng(42);
    let invalid = 0;
    const disagreements: string[] = [];
    for (const [action, kind] of cases)
      for (let i = 0; i < 200; i++) {
        let payload = randomValue(ACTIONS[action][kind], rng);
        for (let m = rng.int(1, 3); m > 0; m--) payload = mutate(payload, rng);
        const theirs = oracle(action, kind, payload);
        const ours = validatePayload(ACTIONS[action][kind], payload);
        if (theirs.length > 0) invalid++;
        if (ours.ok !== (theirs.length === 0))
          disagreements.push(
            `${action}.${kind} ${JSON.stringify(payload)} ajv=${theirs.join(',')}`,
          );
      }
    expect(disagreements).toEqual([]);
    // the mutations must actually produce a good share of invalid payloads
    expect(invalid).toBeGreaterThan(4000);
  });

  it('agrees with ajv on date-time edge cases', () => {
    const samples = [
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00.123+02:00',
      '2026-01-01T00:00:00.123456789-05:30',
      '2026-01-01T00:00:00.1234567890Z',
      '2026-01-01T00:00:00',
      '2026-01-01T00:00Z',
      '2026-01-01t00:00:00Z',
      '2026-01-01T00:00:00z',
      '2026-02-29T00:00:00Z',
      '2024-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:60:00Z',
      '2026-12-31T23:59:60Z',
      '2026-12-31T23:59:60+01:00',
      '2027-01-01T00:59:60+01:00',
      '2026-01-01T00:00:00+24:00',
      '2026-01-01T00:00:00+01:60',
      '2026-01-01T00:00:00+0100',
      ' 2026-01-01T00:00:00Z',
    ];
    for (const s of samples) {
      const ajvOk = oracle('Heartbeat', 'conf', { currentTime: s }).length === 0;
      expect(isDateTime(s), s).toBe(ajvOk);
    }
  });
});

describe('validator messages and SteVe mode', () => {
  it('names the field, the rule and the value', () => {
    const r = validateRequest('Authorize', { idTag: 'x'.repeat(21) });
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          path: 'idTag',
          kind: 'maxLength',
          message: '"idTag" must be at most 20 characters, got 21',
        },
      ],
    });
    const s = validateRequest('StatusNotification', { connectorId: 1.5, status: 'AVAILABLE' });
    expect(s.ok ? [] : s.issues.map((i) => [i.path, i.kind])).toEqual([
      ['connectorId', 'type'],
      ['status', 'enum'],
      ['errorCode', 'required'],
    ]);
    const t = validateConfirmation('StartTransaction', {
      transactionId: 2147483648,
      idTagInfo: { status: 'Accepted', expiryDate: '2026-01-01T00:00:00' },
    });
    expect(t.ok ? [] : t.issues.map((i) => i.message)).toEqual([
      '"transactionId" must be an int32, got 2147483648',
      '"idTagInfo.expiryDate" must be a date-time with offset (e.g. 2026-01-01T00:00:00.000Z), got "2026-01-01T00:00:00"',
    ]);
    const m = validateRequest('MeterValues', {
      connectorId: 1,
      values: [{ timestamp: '2026-01-01T00:00:00Z', value: [] }],
    });
    expect(m.ok ? [] : m.issues).toEqual([
      {
        path: 'values[0].value',
        kind: 'minItems',
        message: '"values[0].value" must have at least 1 item(s)',
      },
    ]);
  });

  it('strict mode rejects unknown properties and nulls; steve mode ignores and lists them', () => {
    const payload = { chargePointVendor: 'v', chargePointModel: 'm', imsi: null, extra: 1 };
    const strict = validateRequest('BootNotification', payload);
    expect(strict.ok ? [] : strict.issues.map((i) => i.kind)).toEqual(['type', 'additional']);
    const steve = validateRequest('BootNotification', payload, { mode: 'steve' });
    expect(steve).toEqual({
      ok: true,
      value: { chargePointVendor: 'v', chargePointModel: 'm' },
      unknownProperties: ['extra'],
    });
  });

  it('steve mode: null for a required int is a type problem, for a required string a missing field', () => {
    const r = validateRequest(
      'StartTransaction',
      { connectorId: null, idTag: null, timestamp: '2026-01-01T00:00:00Z', meterStart: 0 },
      { mode: 'steve' },
    );
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.kind])).toEqual([
      ['connectorId', 'type'],
      ['idTag', 'required'],
    ]);
  });

  it('mapString rewrites known strings before the checks and never visits unknown ones', () => {
    const seen: string[] = [];
    const mapString = (t: string) => {
      seen.push(t);
      return t.replace(/&/g, '&amp;');
    };
    const r = validateRequest(
      'Authorize',
      { idTag: `${'x'.repeat(19)}&`, extra: { deep: 's' } },
      { mode: 'steve', mapString },
    );
    expect(r.ok ? [] : r.issues.map((i) => i.kind)).toEqual(['maxLength']);
    expect(seen).toEqual([`${'x'.repeat(19)}&`]);
    expect(validateRequest('Authorize', { idTag: 'A&B' }, { mapString })).toEqual({
      ok: true,
      value: { idTag: 'A&amp;B' },
      unknownProperties: [],
    });
  });

  it('counts string length in code points, as JSON Schema does', () => {
    const tag = '😀'.repeat(20);
    expect(validateRequest('Authorize', { idTag: tag }).ok).toBe(true);
    expect(oracle('Authorize', 'req', { idTag: tag })).toEqual([]);
  });
});
