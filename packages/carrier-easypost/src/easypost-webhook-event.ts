import { CarrierError, type CarrierTrackingUpdate, type CarrierWebhookRequest } from '@oms/order-core';
import { EasyPostShapeError, readEvent, readTracker } from './easypost-objects';
import { trackingUpdatesOf } from './easypost-tracking';

/** The Events whose `result` is a Tracker; any other Event is valid but says nothing about tracking. */
const TRACKER_EVENTS = new Set(['tracker.created', 'tracker.updated']);

function invalid(reason: string): CarrierError {
  return new CarrierError(`The EasyPost webhook body could not be read: ${reason}`, false, 'invalid_webhook');
}

/** Reads a (verified) EasyPost webhook Event into tracking updates; anything unreadable is a non-retryable CarrierError. */
export function parseEasyPostWebhook(request: CarrierWebhookRequest): CarrierTrackingUpdate[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.rawBody));
  } catch {
    throw invalid('not UTF-8 JSON');
  }
  try {
    const event = readEvent(json);
    if (!TRACKER_EVENTS.has(event.description)) return [];
    return trackingUpdatesOf(readTracker(event.result, 'event.result'));
  } catch (error) {
    if (error instanceof EasyPostShapeError) throw invalid(error.message);
    throw error;
  }
}
