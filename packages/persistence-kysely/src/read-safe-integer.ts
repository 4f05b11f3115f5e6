/**
 * Reads an integer column. pg hands int8 back as text and better-sqlite3 (safe integers on) as bigint; both become a
 * number only when that is exact, because a silently rounded amount of money is worse than a failed read.
 */
export function readSafeInteger(value: unknown, column: string): number {
  let exact: bigint;
  if (typeof value === 'number' && Number.isInteger(value)) exact = BigInt(value);
  else if (typeof value === 'bigint') exact = value;
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) exact = BigInt(value);
  else throw new TypeError(`Column ${column} holds ${describe(value)}, not an integer`);
  const result = Number(exact);
  if (!Number.isSafeInteger(result)) throw new RangeError(`Column ${column} holds ${exact}, which is not a safe integer`);
  return result;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'number' ? `the non-integer ${value}` : `a ${typeof value}`;
}
