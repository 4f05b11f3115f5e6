import type { InputChecker } from '../shared/input-checker';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_OFFSET = 10_000_000;

export function checkPaging(check: InputChecker, input: { readonly limit?: number; readonly offset?: number }): { limit: number; offset: number } {
  const limit = input.limit === undefined ? DEFAULT_PAGE_SIZE : check.integer('limit', input.limit, 1, MAX_PAGE_SIZE);
  const offset = input.offset === undefined ? 0 : check.integer('offset', input.offset, 0, MAX_OFFSET);
  return { limit, offset };
}
