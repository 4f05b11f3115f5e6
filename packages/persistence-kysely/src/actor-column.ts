import { isJsonObject, type ActorRef, type PrincipalKind } from '@oms/order-core';
import { readJsonColumn, writeJsonColumn } from './json-column';

const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['staff', 'customer', 'integration', 'system', 'public'];

/** An actor as one JSON column: `{"kind":…,"id":…,"display":…}`. */
export function writeActorColumn(actor: ActorRef): string {
  return writeJsonColumn({ kind: actor.kind, id: actor.id, display: actor.display });
}

export function readActorColumn(text: string, column: string): ActorRef {
  const value = readJsonColumn(text, column);
  if (isJsonObject(value)) {
    const { kind, id, display } = value;
    const known = PRINCIPAL_KINDS.find((k) => k === kind);
    if (known !== undefined && (id === null || typeof id === 'string') && typeof display === 'string') return { kind: known, id, display };
  }
  throw new Error(`Column ${column} does not hold an actor ({kind, id, display})`);
}
