import { CarrierError, type CarrierTrackingUpdate } from '@oms/order-core';
import type { EasyPostTracker, EasyPostTrackingDetail, EasyPostTrackingLocation } from './easypost-objects';
import { normalizeEasyPostStatus } from './easypost-status';

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/**
 * The delivery estimate as YYYY-MM-DD: the carrier's local date when EasyPost has it, else the date part of
 * `est_delivery_date` (EasyPost writes plain dates there as midnight).
 */
export function estimatedDeliveryOf(tracker: Pick<EasyPostTracker, 'est_delivery_date' | 'est_delivery_date_local'> | null): string | null {
  for (const value of [tracker?.est_delivery_date_local, tracker?.est_delivery_date]) {
    if (typeof value === 'string' && DATE_PREFIX.test(value)) return value.slice(0, 10);
  }
  return null;
}

/** EasyPost times carry the scan's own offset when known; ours are UTC. */
function utc(value: string, what: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new CarrierError(`EasyPost sent an unreadable time in ${what}: ${value.slice(0, 40)}`, false, 'invalid_tracking');
  return new Date(time).toISOString();
}

function placeOf(location: EasyPostTrackingLocation | null): string | null {
  const parts = [location?.city, location?.state, location?.zip, location?.country].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * A Tracker as our updates, oldest first: one per tracking detail (the tracker's whole history, so a report missed
 * earlier arrives with the next one), or one for the tracker itself while it has no details. Ids are derived from
 * the tracker id, time and status, so the same report always gets the same id and is stored once.
 */
export function trackingUpdatesOf(tracker: EasyPostTracker): CarrierTrackingUpdate[] {
  const shared = {
    carrierShipmentId: tracker.shipment_id,
    trackingNumber: tracker.tracking_code,
    estimatedDelivery: estimatedDeliveryOf(tracker),
    ...(tracker.carrier ? { carrier: tracker.carrier } : {}),
  };
  const details: EasyPostTrackingDetail[] =
    tracker.tracking_details.length > 0
      ? [...tracker.tracking_details]
      : [{ status: tracker.status, message: null, description: null, datetime: tracker.updated_at ?? '', tracking_location: null }];
  const updates = details.map((detail): CarrierTrackingUpdate => {
    const occurredAt = utc(detail.datetime, `tracker ${tracker.id}`);
    return {
      ...shared,
      status: normalizeEasyPostStatus(detail.status),
      rawCode: detail.status,
      description: detail.message ?? detail.description,
      location: placeOf(detail.tracking_location),
      occurredAt,
      eventId: `${tracker.id}:${occurredAt}:${detail.status}`,
    };
  });
  // Stable sort: reports at the same instant keep EasyPost's order.
  return updates.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}
