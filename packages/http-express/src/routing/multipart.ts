import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { DomainError, type FieldProblem } from '@oms/order-core';
import busboy, { type Busboy } from 'busboy';
import { HttpError } from '../errors/http-error';
import type { IncomingFile } from './route-definition';

export interface MultipartLimits {
  /** Largest file accepted, in bytes; one byte more and the upload fails with FILE_TOO_LARGE. */
  readonly maxFileBytes: number;
  /** Largest text field value, in bytes. */
  readonly maxFieldBytes: number;
  /** Most text fields; one more is a 422. */
  readonly maxFields: number;
  /** Most parts (fields and files); one more is a 422. */
  readonly maxParts: number;
  /**
   * How much of a refused body is still read and thrown away, so that the client gets to read the answer and the
   * connection can be reused; past it, the connection is cut once the answer is out.
   */
  readonly maxDiscardBytes: number;
}

/** Room for the text fields and part headers around the file, when judging a declared Content-Length. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Limits for an upload of at most `maxFileBytes`: few, small fields. */
export function uploadLimits(maxFileBytes: number): MultipartLimits {
  return {
    maxFileBytes,
    maxFieldBytes: 8 * 1024,
    maxFields: 8,
    maxParts: 10,
    maxDiscardBytes: Math.max(maxFileBytes, 1024 * 1024),
  };
}

/** What came before the file part (or the whole body, when it had none). */
export interface MultipartOpening {
  /** The text fields before the file part, by name. */
  readonly fields: Readonly<Record<string, string>>;
  /** Problems with those parts: repeated or too long fields, a file part under another name, too many parts. */
  readonly problems: readonly FieldProblem[];
  /** The file part, streaming; null when the body had none (or a problem stopped reading before it). */
  readonly file: IncomingFile | null;
}

const MEDIA_TYPE = 'multipart/form-data';

/**
 * Reads a multipart/form-data request without buffering its file: `open` parses the text fields up to the file
 * part and hands the file on as a stream; `release` stops reading and throws the rest of the body away. Call
 * `release` once the request has been answered or failed, whatever happened.
 *
 * The file's stream is read by whoever stores it, so the request is read at the pace the store writes
 * (backpressure), and it fails rather than ends whenever the upload is not a complete, valid one: over the size
 * limit (busboy stops at one byte more), a text field or a second file after it, a malformed body, or a client
 * that went away half way.
 */
export class MultipartReading {
  private parser: Busboy | null = null;
  private phase: 'fields' | 'file' = 'fields';
  private parsed = false;
  private failure: Error | null = null;
  private released = false;
  private readonly fields = new Map<string, string>();
  private readonly early: FieldProblem[] = [];
  private readonly late: FieldProblem[] = [];
  private readonly waiting: (() => void)[] = [];
  private resolveOpening: ((opening: MultipartOpening) => void) | null = null;
  private rejectOpening: ((error: Error) => void) | null = null;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly fileField: string,
    private readonly limits: MultipartLimits,
  ) {}

  /**
   * Checks the media type and declared length, then reads up to the file part. An absent body opens as no fields
   * and no file, so the caller names `file` as missing; any other media type is a 415.
   */
  open(): Promise<MultipartOpening> {
    const { req, limits } = this;
    if (!hasBody(req)) return Promise.resolve({ fields: {}, problems: [], file: null });
    if (!isMultipart(req.headers['content-type'])) {
      throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be multipart/form-data', {
        content_type: req.headers['content-type'] ?? null,
      });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxFileBytes + MULTIPART_OVERHEAD_BYTES) {
      // Refused before a byte of it is read.
      throw tooLarge(limits.maxFileBytes);
    }
    let parser: Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send UTF-8 filenames unencoded; the core, not busboy, strips paths (so it sees what was sent).
        defParamCharset: 'utf8',
        preservePath: true,
        limits: {
          fileSize: limits.maxFileBytes + 1,
          files: 1,
          fields: limits.maxFields,
          fieldSize: limits.maxFieldBytes,
          // busboy reports reaching this many parts, not exceeding it.
          parts: limits.maxParts + 1,
          fieldNameSize: 100,
          headerPairs: 16,
        },
      });
    } catch (error) {
      throw malformed(error);
    }
    this.parser = parser;
    const opening = new Promise<MultipartOpening>((resolve, reject) => {
      this.resolveOpening = resolve;
      this.rejectOpening = reject;
    });
    parser.on('field', (name, value, info) => this.onField(name, value, info.valueTruncated, info.nameTruncated));
    parser.on('file', (name, stream, info) => this.onFile(name, stream, info.filename, info.mimeType));
    parser.on('filesLimit', () => this.problem({ field: this.fileField, message: 'must be exactly one file' }));
    parser.on('fieldsLimit', () => this.problem({ field: 'body', message: `must have at most ${limits.maxFields} text fields` }));
    parser.on('partsLimit', () => this.problem({ field: 'body', message: `must have at most ${limits.maxParts} parts` }));
    parser.on('error', (error: unknown) => this.fail(malformed(error)));
    parser.on('finish', () => this.onParsed());
    req.on('close', this.onRequestClosed);
    req.on('error', this.onRequestClosed);
    req.pipe(parser);
    return opening;
  }

  /** Stops reading: the parser lets go of the request and the rest of the body is thrown away. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.req.off('close', this.onRequestClosed);
    this.req.off('error', this.onRequestClosed);
    const parser = this.parser;
    if (parser !== null) {
      this.req.unpipe(parser);
      if (!this.parsed && this.failure === null) {
        this.failure = new HttpError('BAD_REQUEST', 'The upload was not read to its end', {});
        parser.destroy(this.failure);
      }
    }
    discardRequestBody(this.req, this.res, this.limits.maxDiscardBytes);
  }

  private onField(name: string, value: string, valueTruncated: boolean, nameTruncated: boolean): void {
    if (this.phase === 'file') {
      this.late.push({ field: name, message: `must come before the ${this.fileField} part (send text fields first)` });
    } else if (nameTruncated) {
      this.early.push({ field: 'body', message: 'has a field name longer than 100 bytes' });
    } else if (name === this.fileField) {
      this.early.push({ field: name, message: 'must be a file part (with a filename)' });
    } else if (valueTruncated) {
      this.early.push({ field: name, message: `must have at most ${this.limits.maxFieldBytes} bytes` });
    } else if (this.fields.has(name)) {
      this.early.push({ field: name, message: 'must be sent once' });
    } else {
      this.fields.set(name, value);
    }
  }

  private onFile(name: string, stream: Readable, filename: string | undefined, declaredType: string): void {
    // Failures reach the reader through its iterator; a stream nobody reads must not crash the process.
    stream.on('error', () => undefined);
    if (name !== this.fileField) {
      stream.resume();
      this.early.push({ field: name, message: `is not allowed: the file goes in the ${this.fileField} part` });
      this.settleOpening(null);
      return;
    }
    this.phase = 'file';
    this.settleOpening({ filename: filename ?? '', declaredType, content: this.content(stream) });
  }

  private async *content(stream: Readable): AsyncGenerator<Uint8Array> {
    let size = 0;
    const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        // The parser destroyed the stream: with our reason (abort, release), or with its own before reporting it.
        throw this.failure ?? malformed(error);
      }
      if (next.done === true) break;
      size += next.value.length;
      // busboy stops at one byte over the limit and drops the rest: a truncated file must never pass as whole.
      if (size > this.limits.maxFileBytes) {
        await chunks.return?.();
        throw tooLarge(this.limits.maxFileBytes);
      }
      // A reader that stops early leaves the stream to `release`, which destroys the parser and with it the stream.
      yield next.value;
    }
    // The file part is complete; the upload is only once the rest of the body has been read and was acceptable.
    await this.endOfBody();
    if (this.failure !== null) throw this.failure;
    if (this.late.length > 0) throw DomainError.validation(this.late);
  }

  private problem(problem: FieldProblem): void {
    (this.phase === 'file' ? this.late : this.early).push(problem);
  }

  private settleOpening(file: IncomingFile | null): void {
    const resolve = this.resolveOpening;
    this.resolveOpening = null;
    this.rejectOpening = null;
    resolve?.({ fields: Object.fromEntries(this.fields), problems: [...this.early], file });
  }

  private onParsed(): void {
    this.parsed = true;
    if (this.phase === 'fields') {
      this.early.push(...this.late);
      this.settleOpening(null);
    }
    this.wakeUp();
  }

  private readonly onRequestClosed = (): void => {
    if (!this.req.complete) this.fail(new HttpError('BAD_REQUEST', 'The request ended before its body was complete', {}));
  };

  private fail(error: Error): void {
    if (this.failure !== null || this.parsed) return;
    this.failure = error;
    // Destroying the parser destroys the file stream with the same error, so whoever reads it sees the failure.
    this.parser?.destroy(error);
    const reject = this.rejectOpening;
    this.resolveOpening = null;
    this.rejectOpening = null;
    reject?.(error);
    this.wakeUp();
  }

  private endOfBody(): Promise<void> {
    if (this.parsed || this.failure !== null) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private wakeUp(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/**
 * Reads and throws away what is left of a request body, so a client still sending gets to read our answer and a
 * kept-alive connection stays usable. Past `maxBytes` it stops reading and cuts the connection once the answer is
 * out, so nobody can make the server swallow an endless upload.
 */
export function discardRequestBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  // A complete request may still have unread bytes buffered (and the socket paused behind them): read those too.
  if (req.readableEnded || req.destroyed) return;
  let discarded = 0;
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded <= maxBytes) return;
    req.off('data', onData);
    req.pause();
    const cut = () => req.socket?.destroy();
    if (res.writableFinished) cut();
    else {
      res.once('finish', cut);
      res.once('close', cut);
    }
  };
  req.on('data', onData);
  req.on('error', () => undefined);
  req.resume();
}

/** The same test body-parser uses: a body is announced by Transfer-Encoding or a non-zero Content-Length. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isMultipart(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  return (contentType.split(';')[0] ?? '').trim().toLowerCase() === MEDIA_TYPE;
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, { max_bytes: maxBytes });
}

function malformed(error: unknown): HttpError {
  return new HttpError('BAD_REQUEST', 'The multipart/form-data body is malformed', {
    reason: error instanceof Error ? error.message : String(error),
  });
}
