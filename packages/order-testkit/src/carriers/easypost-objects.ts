import { randomBytes } from 'node:crypto';

/**
 * The EasyPost v2 JSON objects the test carrier answers with, shaped like the examples in EasyPost's API reference
 * (docs.easypost.com; EasyPost/examples `official/responses/...`): ids are a type prefix plus 32 hex characters,
 * money is a decimal string, times are UTC ISO 8601 without milliseconds (events keep them).
 */

export type EasyPostJson = { readonly [key: string]: unknown };

export const EASYPOST_TRACKER_STATUSES = [
  'unknown',
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'available_for_pickup',
  'return_to_sender',
  'failure',
  'cancelled',
  'error',
] as const;
export type EasyPostTrackerStatus = (typeof EASYPOST_TRACKER_STATUSES)[number];

export function easyPostId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}

export function easyPostTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** EasyPost's error body: `{"error": {"code", "message", "errors": [{field, message}]}}`. */
export function easyPostError(code: string, message: string, errors: readonly { field: string; message: string }[] = []): EasyPostJson {
  return { error: { code, message, errors } };
}

export interface RateOffer {
  readonly carrier: string;
  readonly service: string;
  /** Decimal string, e.g. `"10.07"`. */
  readonly rate: string;
  readonly deliveryDays: number | null;
}

export function easyPostRate(offer: RateOffer, shipmentId: string, at: Date): EasyPostJson {
  return {
    id: easyPostId('rate'),
    object: 'Rate',
    created_at: easyPostTime(at),
    updated_at: easyPostTime(at),
    mode: 'test',
    service: offer.service,
    carrier: offer.carrier,
    rate: offer.rate,
    currency: 'USD',
    retail_rate: offer.rate,
    retail_currency: 'USD',
    list_rate: offer.rate,
    list_currency: 'USD',
    billing_type: 'easypost',
    delivery_days: offer.deliveryDays,
    delivery_date: null,
    delivery_date_guaranteed: false,
    est_delivery_days: offer.deliveryDays,
    shipment_id: shipmentId,
    carrier_account_id: 'ca_9685a1198a75477885a3cdca37559bac',
  };
}

const ADDRESS_FIELDS = ['name', 'company', 'street1', 'street2', 'city', 'state', 'zip', 'country', 'phone', 'email'] as const;

export function easyPostAddress(input: Record<string, unknown>, at: Date): EasyPostJson {
  const address: Record<string, unknown> = {
    id: easyPostId('adr'),
    object: 'Address',
    created_at: at.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    updated_at: at.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
  };
  for (const field of ADDRESS_FIELDS) address[field] = typeof input[field] === 'string' ? input[field] : null;
  if (address.country === null) address.country = 'US';
  return { ...address, mode: 'test', carrier_facility: null, residential: null, federal_tax_id: null, state_tax_id: null, verifications: {} };
}

export function easyPostParcel(input: Record<string, unknown>, at: Date): EasyPostJson {
  const dimension = (key: string): number | null => (typeof input[key] === 'number' ? (input[key] as number) : input[key] === undefined ? null : Number(input[key]));
  return {
    id: easyPostId('prcl'),
    object: 'Parcel',
    created_at: easyPostTime(at),
    updated_at: easyPostTime(at),
    length: dimension('length'),
    width: dimension('width'),
    height: dimension('height'),
    predefined_package: null,
    weight: dimension('weight'),
    mode: 'test',
  };
}

export type EasyPostLabelFormat = 'PNG' | 'PDF' | 'ZPL' | 'EPL2';

const LABEL_FILE_TYPES: Record<EasyPostLabelFormat, string> = {
  PNG: 'image/png',
  PDF: 'application/pdf',
  ZPL: 'application/zpl',
  EPL2: 'application/epl2',
};

/**
 * A bought label. `label_url` is the file in the format asked for; the format's own `label_<format>_url` is set too
 * (EasyPost fills it when a label is made or converted to that format).
 */
export function easyPostPostageLabel(format: EasyPostLabelFormat, baseUrl: string, at: Date): EasyPostJson {
  const file = `${baseUrl}/files/postage_label/${randomBytes(16).toString('hex')}.${format.toLowerCase()}`;
  return {
    object: 'PostageLabel',
    id: easyPostId('pl'),
    created_at: easyPostTime(at),
    updated_at: easyPostTime(at),
    date_advance: 0,
    integrated_form: 'none',
    label_date: easyPostTime(at),
    label_resolution: 300,
    label_size: '4x6',
    label_type: 'default',
    label_file_type: LABEL_FILE_TYPES[format],
    label_url: file,
    label_pdf_url: format === 'PDF' ? file : null,
    label_zpl_url: format === 'ZPL' ? file : null,
    label_epl2_url: format === 'EPL2' ? file : null,
    label_file: null,
  };
}

export interface TrackingDetailInput {
  readonly status: EasyPostTrackerStatus;
  readonly message: string;
  readonly datetime: string;
  readonly location?: { readonly city?: string | null; readonly state?: string | null; readonly zip?: string | null; readonly country?: string | null };
}

export function easyPostTrackingDetail(detail: TrackingDetailInput, carrier: string): EasyPostJson {
  return {
    object: 'TrackingDetail',
    message: detail.message,
    description: null,
    status: detail.status,
    status_detail: 'status_update',
    datetime: detail.datetime,
    source: carrier,
    carrier_code: null,
    tracking_location: {
      object: 'TrackingLocation',
      city: detail.location?.city ?? null,
      state: detail.location?.state ?? null,
      country: detail.location?.country ?? null,
      zip: detail.location?.zip ?? null,
    },
  };
}

export interface TrackerInput {
  readonly id: string;
  readonly shipmentId: string;
  readonly trackingCode: string;
  readonly carrier: string;
  readonly status: EasyPostTrackerStatus;
  readonly estDeliveryDate: string | null;
  readonly details: readonly TrackingDetailInput[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly publicBaseUrl: string;
}

export function easyPostTracker(tracker: TrackerInput): EasyPostJson {
  return {
    id: tracker.id,
    object: 'Tracker',
    mode: 'test',
    tracking_code: tracker.trackingCode,
    status: tracker.status,
    status_detail: 'status_update',
    created_at: easyPostTime(tracker.createdAt),
    updated_at: easyPostTime(tracker.updatedAt),
    signed_by: null,
    weight: null,
    est_delivery_date: tracker.estDeliveryDate,
    shipment_id: tracker.shipmentId,
    carrier: tracker.carrier,
    tracking_details: tracker.details.map((d) => easyPostTrackingDetail(d, tracker.carrier)),
    fees: [],
    carrier_detail: null,
    public_url: `${tracker.publicBaseUrl}/track/${tracker.id}`,
  };
}

/** A webhook Event: `result` is the object that changed (a Tracker for `tracker.created` / `tracker.updated`). */
export function easyPostEvent(description: string, result: EasyPostJson, previousAttributes: EasyPostJson, targetUrl: string | null, at: Date): EasyPostJson {
  return {
    description,
    mode: 'test',
    previous_attributes: previousAttributes,
    created_at: at.toISOString(),
    pending_urls: targetUrl ? [targetUrl] : [],
    completed_urls: [],
    updated_at: at.toISOString(),
    id: easyPostId('evt'),
    user_id: 'user_060ab38db3c04ffaa60f262e5781a9be',
    status: 'pending',
    object: 'Event',
    result,
  };
}
