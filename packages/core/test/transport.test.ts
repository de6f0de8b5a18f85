import { describe, expect, it } from 'vitest';
import { TransportClosedError } from '../src/index.js';

describe('TransportClosedError', () => {
  it('carries a string code and a cause', () => {
    const cause = new Error('peer went away');
    const err = new TransportClosedError('closed', { cause });
    expect(err.code).toBe('TRANSPORT_CLOSED');
    expect(err.cause).toBe(cause);
    expect(err).toBeInstanceOf(Error);
  });
});
