export * from './puppeteer-document-renderer';
export { renderDocumentHtml, TEMPLATE_VERSION, type DocumentHtmlOptions } from './render-document-html';
export { resolveChromiumPath, SYSTEM_CHROMIUM_PATH } from './chromium-path';
export { chromiumLaunchArgs, BASE_CHROMIUM_ARGS, NETWORK_ISOLATION_ARGS, type ChromiumArgsOptions } from './chromium-launch-args';
export { DocumentRenderError, type DocumentRenderErrorCode } from './document-render-error';
export { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './document-limits';
export { escapeHtml } from './escape-html';
export { CONTENT_SECURITY_POLICY, type PaperSize } from './templates/page-shell';
export { documentCacheKey, canonicalJson } from './document-cache-key';
