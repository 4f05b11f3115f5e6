import type { Principal } from '@oms/order-core';

/** Turns a presented bearer credential into who is acting; null when the credential is unknown, expired or bad. */
export interface Authenticator {
  authenticate(bearer: string): Promise<Principal | null>;
}
