export { createHttpApp, DEFAULT_BODY_LIMIT_BYTES, type HttpAppOptions } from './create-http-app';
export type { Authenticator } from './auth/authenticator';
export { BearerAuthenticator, ADMIN_TOKEN_PRINCIPAL_ID, type BearerAuthenticatorOptions } from './auth/bearer-authenticator';
export { Sha256TokenHasher } from './auth/sha256-token-hasher';
export type { HttpLogger } from './logging/http-logger';
export { REQUEST_ID_HEADER } from './logging/request-id-middleware';
export { HTTP_STATUS_BY_CODE, httpStatusOf, type EdgeErrorCode, type HttpErrorCode } from './errors/http-error-codes';
export type { ErrorBody } from './errors/error-response';
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from './openapi/build-openapi-document';
export type { JsonSchema, JsonSchemaType } from './validation/json-schema';
export type {
  HttpMethod,
  ResponseDoc,
  RouteAudience,
  RouteDefinition,
  RouteRequest,
  RouteResponse,
  JsonRouteResponse,
  StreamedRouteResponse,
} from './routing/route-definition';
export {
  UrlSigner,
  EXPIRES_PARAM,
  SIGNATURE_PARAM,
  type LinkCheck,
  type LinkRefusal,
  type SignedLink,
  type UrlSignerOptions,
} from './signing/url-signer';
export { writeChunks, type ChunkSink } from './routing/write-stream';
export { EXPORT_LINK_TTL_SECONDS, neutralizeFormula } from './native/product-export';
