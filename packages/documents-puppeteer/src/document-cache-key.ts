import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * The cache key of a document's PDF: what it was made from (the model, orderVersions included) and how it is laid
 * out (template version, paper). A changed order has a new version, hence a new key.
 */
export function documentCacheKey(document: unknown, layout: string): string {
  return createHash('sha256').update(layout).update('\u0000').update(canonicalJson(document)).digest('hex');
}
