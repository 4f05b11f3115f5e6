import type { JsonValue } from '@oms/order-core';

/** Serialises a value for a JSON text column (JSON text rather than a JSON type, so both dialects store the same). */
export function writeJsonColumn(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('Cannot store undefined in a JSON column');
  return text;
}

/** Parses a JSON text column; names the column when the stored text is damaged. */
export function readJsonColumn(text: string, column: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new Error(`Column ${column} does not hold valid JSON`);
  }
}
