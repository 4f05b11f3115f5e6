import { formatMinor, type Principal, type Product } from '@oms/order-core';
import { stringify } from 'csv-stringify/sync';
import { presentProduct } from './product-presenter';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How long an export link works. */
export const EXPORT_LINK_TTL_SECONDS = 15 * 60;

export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Columns of the CSV file, in order; also its header row. */
export const CSV_COLUMNS = [
  'id',
  'sku',
  'name',
  'description',
  'price',
  'currency',
  'status',
  'category',
  'backorder_policy',
  'expected_date',
  'created_at',
  'updated_at',
] as const;

/** Chunks are gathered up to about this many characters before they are written. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (CSV
 * injection). Such text is prefixed with a single quote, which spreadsheets show as text and do not evaluate.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV record: money in major units with the currency's decimals (exact), empty cells for null. */
export function csvRecord(product: Product): string[] {
  const text = (value: string | null): string => (value === null ? '' : neutralizeFormula(value));
  return [
    text(product.id),
    text(product.sku),
    text(product.name),
    text(product.description),
    formatMinor(product.price, product.currency),
    text(product.currency),
    text(product.status),
    text(product.category),
    text(product.backorderPolicy),
    text(product.expectedDate),
    text(product.createdAt),
    text(product.updatedAt),
  ];
}

/** The catalog as CSV (RFC 4180 quoting by csv-stringify, `\r\n` line ends, header row first), chunk by chunk. */
export async function* csvChunks(products: AsyncIterable<Product>): AsyncGenerator<string> {
  const format = (records: readonly string[][]) => stringify(records as string[][], { record_delimiter: 'windows' });
  yield format([[...CSV_COLUMNS]]);
  let batch: string[][] = [];
  let size = 0;
  for await (const product of products) {
    const record = csvRecord(product);
    batch.push(record);
    size += record.reduce((sum, cell) => sum + cell.length + 3, 0);
    if (size >= CHUNK_CHARACTERS) {
      yield format(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield format(batch);
}

/** The catalog as one JSON array of products (as GET /admin/products shows them), chunk by chunk. */
export async function* jsonChunks(products: AsyncIterable<Product>): AsyncGenerator<string> {
  let chunk = '[';
  let first = true;
  for await (const product of products) {
    chunk += `${first ? '\n' : ',\n'}${JSON.stringify(presentProduct(product))}`;
    first = false;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]\n`;
}

/**
 * Who asked for an export, as carried in its signed link: `kind:id`. Only the kind and id travel; the download runs
 * with exactly the authority the request was checked for (products:read), not with everything the caller holds.
 */
export function linkHolder(principal: Principal): string | null {
  switch (principal.kind) {
    case 'staff':
    case 'integration':
    case 'system':
      return `${principal.kind}:${principal.id}`;
    case 'customer':
    case 'courier':
    case 'public':
      return null;
  }
}

/** The principal a signed download runs as: the holder's kind and id, with products:read only. */
export function linkPrincipal(holder: string): Principal | null {
  const at = holder.indexOf(':');
  const kind = holder.slice(0, at);
  const id = holder.slice(at + 1);
  if (at <= 0 || id.length === 0) return null;
  switch (kind) {
    case 'staff':
      return { kind: 'staff', id, role: 'staff', email: null, scopes: ['products:read'] };
    case 'integration':
    case 'system':
      return { kind: 'integration', id, name: `export link of ${holder}`, scopes: ['products:read'] };
    default:
      return null;
  }
}
