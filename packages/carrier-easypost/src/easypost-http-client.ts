import { CarrierError } from '@oms/order-core';

/** A failure talking to EasyPost, with the HTTP status when there was an answer. */
export class EasyPostApiError extends CarrierError {
  constructor(
    message: string,
    retryable: boolean,
    code: string | null,
    /** null for timeouts and network failures. */
    readonly status: number | null,
  ) {
    super(message, retryable, code);
    this.name = 'EasyPostApiError';
  }
}

export interface EasyPostHttpOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
}

/** Statuses a later identical call may get past: EasyPost's rate limit, its own failures, a request timeout. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** EasyPost's error `message` may be a string, a list or an object of strings (its clients flatten it the same way). */
function flatten(value: unknown, into: string[]): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object') for (const item of Object.values(value as object)) flatten(item, into);
  else into.push(String(value));
}

/**
 * Calls the EasyPost v2 API with Node's fetch: Basic auth, JSON, an `Idempotency-Key` on state-changing calls, and a
 * deadline per call enforced with an AbortController. Every failure becomes an EasyPostApiError that says whether a
 * retry may help; none of them carries the API key.
 */
export class EasyPostHttpClient {
  // True private fields: they do not show in JSON.stringify or util.inspect, so logging the client leaks no key.
  readonly #authorization: string;
  readonly #apiKey: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: EasyPostHttpOptions) {
    this.#apiKey = options.apiKey;
    this.#authorization = `Basic ${Buffer.from(`${options.apiKey}:`, 'utf8').toString('base64')}`;
    this.baseUrl = options.baseUrl;
    this.timeoutMs = options.timeoutMs;
  }

  async send(method: 'GET' | 'POST', path: string, request: { readonly body?: unknown; readonly idempotencyKey?: string } = {}): Promise<unknown> {
    const headers: Record<string, string> = { Authorization: this.#authorization, Accept: 'application/json' };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.idempotencyKey !== undefined) headers['Idempotency-Key'] = request.idempotencyKey;
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), this.timeoutMs);
    const what = `EasyPost ${method} ${path.split('?')[0]}`;
    try {
      let status: number;
      let text: string;
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers,
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
          signal: controller.signal,
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        throw this.transportError(what, error, controller.signal.aborted);
      }
      if (status >= 200 && status < 300) return this.parse(what, status, text);
      throw this.httpError(what, status, text);
    } finally {
      clearTimeout(deadline);
    }
  }

  private parse(what: string, status: number, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      // A proxy's page in place of EasyPost's JSON: asking again later may well work.
      throw new EasyPostApiError(`${what} answered ${status} with a body that is not JSON`, true, 'invalid_response', status);
    }
  }

  private transportError(what: string, error: unknown, timedOut: boolean): EasyPostApiError {
    if (timedOut) return new EasyPostApiError(`${what} got no answer within ${this.timeoutMs} ms`, true, 'timeout', null);
    const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    const reason = typeof cause === 'string' ? cause : error instanceof Error ? error.message : String(error);
    return new EasyPostApiError(this.redact(`${what} failed before an answer: ${reason}`), true, 'network', null);
  }

  private httpError(what: string, status: number, text: string): EasyPostApiError {
    let code: string | null = null;
    const parts: string[] = [];
    try {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; errors?: unknown } };
      if (typeof body.error?.code === 'string') code = body.error.code;
      flatten(body.error?.message, parts);
      for (const field of Array.isArray(body.error?.errors) ? body.error.errors : []) {
        const { field: name, message } = (field ?? {}) as { field?: unknown; message?: unknown };
        if (typeof name === 'string' && typeof message === 'string') parts.push(`${name} ${message}`);
      }
    } catch {
      // Not EasyPost's error body (a proxy, a load balancer): the status says enough.
    }
    const detail = parts.length > 0 ? parts.join('; ').slice(0, 500) : 'no error message';
    const prefix = status === 401 || status === 403 ? `${what} refused the API key` : `${what} answered ${status}`;
    return new EasyPostApiError(this.redact(`${prefix}${code ? ` (${code})` : ''}: ${detail}`), retryableStatus(status), code ?? `http_${status}`, status);
  }

  /** Belt and braces: nothing EasyPost or the network says may carry the key into our logs. */
  private redact(message: string): string {
    return message.split(this.#apiKey).join('[redacted]');
  }
}
