import type { TrackingStatus } from '@oms/order-core';

/**
 * EasyPost's Tracker (and Shipment) statuses, as listed in its API reference (docs.easypost.com, Trackers), mapped
 * onto our normalized set. The raw code is kept on every update, so nothing is lost by the mapping.
 */
export const EASYPOST_STATUS_MAP: Readonly<Record<string, TrackingStatus>> = {
  pre_transit: 'label_created',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  available_for_pickup: 'available_for_pickup',
  return_to_sender: 'returned_to_sender',
  failure: 'exception',
  cancelled: 'cancelled',
  error: 'exception',
  unknown: 'unknown',
};

/** A code EasyPost adds later is `unknown` until it is mapped, never an error. */
export function normalizeEasyPostStatus(code: string): TrackingStatus {
  return Object.prototype.hasOwnProperty.call(EASYPOST_STATUS_MAP, code) ? EASYPOST_STATUS_MAP[code]! : 'unknown';
}
