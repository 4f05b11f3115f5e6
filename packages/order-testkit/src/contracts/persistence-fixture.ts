import { DomainError, type UnitOfWork } from '@oms/order-core';

/** A fresh, empty persistence for one test; `close` releases it (drop the schema, close connections). */
export interface PersistenceFixture {
  readonly uow: UnitOfWork;
  close(): Promise<void>;
}

export type PersistenceFactory = () => Promise<PersistenceFixture>;

/** Registers beforeEach/afterEach hooks and returns a getter for the current test's fixture. */
export function useFixture(factory: PersistenceFactory): () => UnitOfWork {
  let fixture: PersistenceFixture | undefined;
  beforeEach(async () => {
    fixture = await factory();
  });
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });
  return () => {
    if (!fixture) throw new Error('The persistence fixture is only available inside a test');
    return fixture.uow;
  };
}

/** Resolves to the DomainError code a promise rejects with, or fails the test if it resolves. */
export async function rejectionCode(promise: Promise<unknown>): Promise<{ code: unknown; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: unknown; details?: unknown };
    return { code: e.code, details: e.details };
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

/** The DomainError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function domainErrorOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('Expected a DomainError, but the promise resolved');
}
