import type { Principal } from '@oms/order-core';
import { BEARER_CHALLENGE } from '../errors/error-handler';
import { HttpError } from '../errors/http-error';
import type { Authenticator } from './authenticator';

const BEARER = /^Bearer +([^\s]+) *$/i;

/** The principal behind an Authorization header, or a 401 carrying the Bearer challenge. */
export async function authenticateRequest(authenticator: Authenticator, authorization: string | undefined): Promise<Principal> {
  if (authorization === undefined || authorization.trim() === '') {
    throw new HttpError('UNAUTHENTICATED', 'This endpoint needs an Authorization: Bearer token', {}, { 'WWW-Authenticate': BEARER_CHALLENGE });
  }
  const match = BEARER.exec(authorization);
  const principal = match?.[1] === undefined ? null : await authenticator.authenticate(match[1]);
  if (principal === null) {
    throw new HttpError('UNAUTHENTICATED', 'The bearer token is invalid, expired or revoked', {}, {
      'WWW-Authenticate': `${BEARER_CHALLENGE}, error="invalid_token"`,
    });
  }
  return principal;
}
