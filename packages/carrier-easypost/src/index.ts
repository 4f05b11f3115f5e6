export * from './easypost-carrier-gateway';
export * from './easypost-options';
export { EasyPostApiError } from './easypost-http-client';
export { EASYPOST_STATUS_MAP, normalizeEasyPostStatus } from './easypost-status';
export { EASYPOST_SIGNATURE_HEADER, verifyEasyPostSignature } from './easypost-webhook-signature';
