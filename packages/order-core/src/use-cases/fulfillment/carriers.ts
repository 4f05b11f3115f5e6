import { knownCarrierOf, checkTrackingNumber, normalizeTrackingNumber } from '../../fulfillment/tracking-numbers';
import type { CarrierGateway } from '../../ports/carrier-gateway.port';
import { CarrierError } from '../../ports/carrier-gateway.port';
import { DomainError } from '../../shared/errors';
import type { InputChecker } from '../../shared/input-checker';
import type { OrderDependencies } from '../dependencies';
import type { JobRetryPolicy } from '../../fulfillment/job';

export interface FulfillmentDependencies extends OrderDependencies {
  /** Every gateway by code; always holds `manual`. */
  readonly carriers: ReadonlyMap<string, CarrierGateway>;
  readonly jobRetry: JobRetryPolicy;
  /** How long a claimed job is held before another worker may take it over; longer than any carrier call. */
  readonly jobLeaseMs: number;
}

/** A carrier as named in a request: a gateway's code picks the gateway; any other name is a manual carrier. */
export interface ResolvedCarrier {
  readonly gateway: CarrierGateway;
  /** Shown on the shipment: the known carrier's spelling, or the name as typed. */
  readonly carrierName: string;
}

export function resolveCarrier(deps: Pick<FulfillmentDependencies, 'carriers'>, name: string): ResolvedCarrier {
  const gateway = deps.carriers.get(name.trim().toLowerCase());
  if (gateway) return { gateway, carrierName: gateway.code };
  return { gateway: deps.carriers.get('manual')!, carrierName: knownCarrierOf(name) ?? name.trim() };
}

/** Checks a tracking number given by staff: normalized, and validated when its carrier is one we know. */
export function checkGivenTrackingNumber(check: InputChecker, field: string, carrierName: string, value: string | null): string | null {
  if (value === null) return null;
  const normalized = normalizeTrackingNumber(value);
  if (!/^[A-Z0-9]{4,40}$/.test(normalized)) {
    check.fail(field, 'must be 4 to 40 letters and digits');
    return null;
  }
  const known = knownCarrierOf(carrierName);
  const problem = known ? checkTrackingNumber(known, normalized) : null;
  if (problem) check.fail(field, problem);
  return normalized;
}

/** Turns a carrier failure into the error callers see; anything else passes unchanged. */
export function carrierFailure(gateway: string, error: unknown): unknown {
  if (!(error instanceof CarrierError)) return error;
  return new DomainError('CARRIER_FAILED', `Carrier ${gateway} failed: ${error.message}`, { carrier: gateway, retryable: error.retryable });
}
