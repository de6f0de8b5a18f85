import { describe, expectTypeOf, it } from 'vitest';
import type { DecodedReply, GetterCode, RapiClient } from '../src/index.js';

describe('types derived from the command table', () => {
  it('names reply fields with their decoded types', () => {
    expectTypeOf<DecodedReply<'GS'>>().toEqualTypeOf<{
      readonly evseState: number;
      readonly elapsedSeconds: number;
      readonly pilotState: number;
      readonly vflags: number;
    }>();
    expectTypeOf<DecodedReply<'GV'>>().toEqualTypeOf<{
      readonly firmware: string;
      readonly protocol: string;
    }>();
    expectTypeOf<keyof DecodedReply<'FE'>>().toEqualTypeOf<never>();
  });

  it('restricts get() to getter codes', () => {
    expectTypeOf<'GS'>().toExtend<GetterCode>();
    expectTypeOf<'SC'>().not.toExtend<GetterCode>();
    expectTypeOf<RapiClient['get']>().parameter(0).toEqualTypeOf<GetterCode>();
  });
});
