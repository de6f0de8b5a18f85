/**
 * A small made-up dialect for the shared layer's own tests (`test0.1`): a heartbeat each way
 * of 1.5/1.6's shape, and a limit setter with a decimal, so the endpoint is tested on a table
 * that is neither version's.
 */
import {
  type ActionDef,
  dateTime,
  defineDialect,
  int,
  num,
  obj,
  oneOf,
  opt,
  req,
  str,
} from '../../src/index.js';

const cp = ['chargePoint'] as const;
const cs = ['centralSystem'] as const;

export const TEST_DIALECT = defineDialect('test0.1', {
  Heartbeat: { from: cp, req: obj({}), conf: obj({ currentTime: req(dateTime()) }) },
  Hello: {
    from: ['chargePoint', 'centralSystem'],
    req: obj({ name: req(str(10)) }),
    conf: obj({ greeting: req(str()) }),
  },
  SetLimit: {
    from: cs,
    req: obj({ limit: req(num(0.1)), connectorId: opt(int()) }),
    conf: obj({ status: req(oneOf(['Accepted', 'Rejected'] as const)) }),
  },
} as const satisfies Record<string, ActionDef>);
export type TestDialect = typeof TEST_DIALECT;
