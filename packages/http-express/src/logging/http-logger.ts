/**
 * The subset of a pino logger this package uses, so callers can pass pino (or anything shaped like it) without this
 * package depending on a logging library.
 */
export interface HttpLogger {
  info(obj: Readonly<Record<string, unknown>>, msg: string): void;
  warn(obj: Readonly<Record<string, unknown>>, msg: string): void;
  error(obj: Readonly<Record<string, unknown>>, msg: string): void;
  child(bindings: Readonly<Record<string, unknown>>): HttpLogger;
}
