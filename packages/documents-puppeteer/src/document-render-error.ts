/**
 * Failures of the rendering machinery itself (not of the document): the HTTP layer shows them as server errors.
 * Documents the renderer refuses (too large, a barcode it cannot encode) are `DomainError`s `VALIDATION_FAILED`.
 */
export type DocumentRenderErrorCode = 'CHROMIUM_NOT_FOUND' | 'BROWSER_UNAVAILABLE' | 'RENDER_TIMEOUT' | 'RENDER_FAILED' | 'RENDERER_CLOSED';

export class DocumentRenderError extends Error {
  override readonly name = 'DocumentRenderError';

  constructor(
    readonly code: DocumentRenderErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
