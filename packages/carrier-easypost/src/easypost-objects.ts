/**
 * The subset of EasyPost's v2 objects this adapter reads (Shipment, Rate, PostageLabel, Tracker, TrackingDetail,
 * Event), and readers that check the shape of untrusted JSON before anything is used. Field names are EasyPost's.
 */

export interface EasyPostRate {
  readonly id: string;
  readonly carrier: string;
  readonly service: string;
  /** Decimal string, e.g. `"10.07"`. */
  readonly rate: string;
  readonly delivery_date: string | null;
}

export interface EasyPostPostageLabel {
  readonly label_url: string | null;
  readonly label_pdf_url: string | null;
  readonly label_zpl_url: string | null;
  readonly label_file_type: string | null;
}

export interface EasyPostTrackingLocation {
  readonly city: string | null;
  readonly state: string | null;
  readonly zip: string | null;
  readonly country: string | null;
}

export interface EasyPostTrackingDetail {
  readonly status: string;
  readonly message: string | null;
  readonly description: string | null;
  /** ISO 8601; in the scan's local time zone when EasyPost knows it, UTC otherwise. */
  readonly datetime: string;
  readonly tracking_location: EasyPostTrackingLocation | null;
}

export interface EasyPostTracker {
  readonly id: string;
  readonly tracking_code: string | null;
  readonly status: string;
  readonly shipment_id: string | null;
  readonly carrier: string | null;
  readonly est_delivery_date: string | null;
  readonly est_delivery_date_local: string | null;
  readonly updated_at: string | null;
  readonly tracking_details: readonly EasyPostTrackingDetail[];
}

export interface EasyPostShipment {
  readonly id: string;
  readonly reference: string | null;
  readonly status: string | null;
  readonly tracking_code: string | null;
  readonly rates: readonly EasyPostRate[];
  readonly selected_rate: EasyPostRate | null;
  readonly postage_label: EasyPostPostageLabel | null;
  readonly tracker: EasyPostTracker | null;
  readonly refund_status: string | null;
  /** Carrier errors met while rating. */
  readonly messages: readonly string[];
}

export interface EasyPostEvent {
  readonly id: string | null;
  /** e.g. `tracker.updated`. */
  readonly description: string;
  readonly result: unknown;
}

/** The JSON is not the object it should be; callers turn it into the CarrierError that fits where it came from. */
export class EasyPostShapeError extends Error {}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new EasyPostShapeError(`${path} must be an object`);
  return value as Json;
}

function text(json: Json, key: string, path: string): string {
  const value = json[key];
  if (typeof value !== 'string' || value === '') throw new EasyPostShapeError(`${path}.${key} must be a non-empty string`);
  return value;
}

function optionalText(json: Json, key: string, path: string): string | null {
  const value = json[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new EasyPostShapeError(`${path}.${key} must be a string or null`);
  return value;
}

function optionalObject<T>(json: Json, key: string, path: string, read: (value: unknown, path: string) => T): T | null {
  const value = json[key];
  return value === undefined || value === null ? null : read(value, `${path}.${key}`);
}

function list<T>(json: Json, key: string, path: string, read: (value: unknown, path: string) => T): T[] {
  const value = json[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EasyPostShapeError(`${path}.${key} must be a list`);
  return value.map((item, i) => read(item, `${path}.${key}[${i}]`));
}

export function readRate(value: unknown, path = 'rate'): EasyPostRate {
  const json = object(value, path);
  const rate = json.rate;
  return {
    id: text(json, 'id', path),
    carrier: text(json, 'carrier', path),
    service: text(json, 'service', path),
    rate: typeof rate === 'number' ? String(rate) : text(json, 'rate', path),
    delivery_date: optionalText(json, 'delivery_date', path),
  };
}

export function readPostageLabel(value: unknown, path = 'postage_label'): EasyPostPostageLabel {
  const json = object(value, path);
  return {
    label_url: optionalText(json, 'label_url', path),
    label_pdf_url: optionalText(json, 'label_pdf_url', path),
    label_zpl_url: optionalText(json, 'label_zpl_url', path),
    label_file_type: optionalText(json, 'label_file_type', path),
  };
}

function readLocation(value: unknown, path: string): EasyPostTrackingLocation {
  const json = object(value, path);
  return {
    city: optionalText(json, 'city', path),
    state: optionalText(json, 'state', path),
    zip: optionalText(json, 'zip', path),
    country: optionalText(json, 'country', path),
  };
}

function readTrackingDetail(value: unknown, path: string): EasyPostTrackingDetail {
  const json = object(value, path);
  return {
    status: text(json, 'status', path),
    message: optionalText(json, 'message', path),
    description: optionalText(json, 'description', path),
    datetime: text(json, 'datetime', path),
    tracking_location: optionalObject(json, 'tracking_location', path, readLocation),
  };
}

export function readTracker(value: unknown, path = 'tracker'): EasyPostTracker {
  const json = object(value, path);
  if (json.object !== undefined && json.object !== 'Tracker') throw new EasyPostShapeError(`${path} must be a Tracker`);
  const carrierDetail = optionalObject(json, 'carrier_detail', path, object);
  return {
    id: text(json, 'id', path),
    tracking_code: optionalText(json, 'tracking_code', path),
    status: text(json, 'status', path),
    shipment_id: optionalText(json, 'shipment_id', path),
    carrier: optionalText(json, 'carrier', path),
    est_delivery_date: optionalText(json, 'est_delivery_date', path),
    est_delivery_date_local: carrierDetail ? optionalText(carrierDetail, 'est_delivery_date_local', `${path}.carrier_detail`) : null,
    updated_at: optionalText(json, 'updated_at', path),
    tracking_details: list(json, 'tracking_details', path, readTrackingDetail),
  };
}

function readMessage(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const { carrier, message } = value as Json;
    return [carrier, message].filter((part) => typeof part === 'string' && part !== '').join(': ');
  }
  return '';
}

export function readShipment(value: unknown, path = 'shipment'): EasyPostShipment {
  const json = object(value, path);
  if (json.object !== undefined && json.object !== 'Shipment') throw new EasyPostShapeError(`${path} must be a Shipment`);
  return {
    id: text(json, 'id', path),
    reference: optionalText(json, 'reference', path),
    status: optionalText(json, 'status', path),
    tracking_code: optionalText(json, 'tracking_code', path),
    rates: list(json, 'rates', path, readRate),
    selected_rate: optionalObject(json, 'selected_rate', path, readRate),
    postage_label: optionalObject(json, 'postage_label', path, readPostageLabel),
    tracker: optionalObject(json, 'tracker', path, readTracker),
    refund_status: optionalText(json, 'refund_status', path),
    messages: list(json, 'messages', path, readMessage).filter((m) => m !== ''),
  };
}

export function readTrackerList(value: unknown, path = 'body'): EasyPostTracker[] {
  return list(object(value, path), 'trackers', path, readTracker);
}

export function readEvent(value: unknown, path = 'event'): EasyPostEvent {
  const json = object(value, path);
  if (json.object !== undefined && json.object !== 'Event') throw new EasyPostShapeError(`${path} must be an Event`);
  return { id: optionalText(json, 'id', path), description: text(json, 'description', path), result: json.result };
}
