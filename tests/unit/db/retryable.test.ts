import { describe, expect, it } from 'vitest';
// The class the PostgreSQL driver adapter throws (a dependency of @prisma/adapter-pg).
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { retryable } from '../../../server/db/prisma';

describe('retryable (which transaction failures saveRun and friends retry)', () => {
  it('retries Prisma-mapped unique races and serialization failures', () => {
    expect(retryable(Object.assign(new Error('unique'), { code: 'P2002' }))).toBe(true);
    expect(retryable(Object.assign(new Error('conflict'), { code: 'P2034' }))).toBe(true);
  });

  it('retries a write conflict PostgreSQL reports at COMMIT, which reaches us unmapped from the driver adapter', () => {
    expect(retryable(new DriverAdapterError({ kind: 'TransactionWriteConflict' }))).toBe(true);
    expect(retryable(new DriverAdapterError({ kind: 'postgres', code: '40001', severity: 'ERROR', message: 'could not serialize', detail: undefined, column: undefined, hint: undefined, originalCode: '40001', originalMessage: 'could not serialize' } as never))).toBe(true);
  });

  it('does not retry other failures', () => {
    expect(retryable(new Error('boom'))).toBe(false);
    expect(retryable(Object.assign(new Error('fk'), { code: 'P2003' }))).toBe(false);
    expect(retryable(new DriverAdapterError({ kind: 'ForeignKeyConstraintViolation', constraint: undefined } as never))).toBe(false);
    expect(retryable(undefined)).toBe(false);
  });
});
