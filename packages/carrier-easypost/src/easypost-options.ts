import { LABEL_FORMATS, type Address, type LabelFormat } from '@oms/order-core';

/** Our warehouse: where parcels leave from and come back to. */
export interface EasyPostFromAddress extends Address {
  readonly phone?: string | null;
  readonly email?: string | null;
}

/** The parcel every shipment is rated with (our orders carry no weights): weight in ounces, sides in inches. */
export interface EasyPostParcel {
  readonly weight: number;
  readonly length?: number;
  readonly width?: number;
  readonly height?: number;
}

export interface EasyPostGatewayOptions {
  /** What requests name to use this gateway; lower case. Default `easypost`. */
  readonly code?: string;
  /** Sent as the Basic auth user name; never logged, never put in an error. */
  readonly apiKey: string;
  /** Default `https://api.easypost.com`. */
  readonly baseUrl?: string;
  /** The secret set on the EasyPost webhook; without one, webhooks are not declared and every signature fails. */
  readonly webhookSecret?: string | null;
  readonly fromAddress: EasyPostFromAddress;
  readonly defaultParcel: EasyPostParcel;
  /** The label format when a request names none. Default `PDF`. */
  readonly labelFormat?: LabelFormat;
  /** Per HTTP call. Default 15000. */
  readonly timeoutMs?: number;
  /** Buy only from these carriers (EasyPost's names, e.g. `USPS`, `UPS`); any carrier when empty or left out. */
  readonly preferredCarriers?: readonly string[];
  /** The service bought when a request names none (e.g. `Priority`); the lowest rate when null. */
  readonly service?: string | null;
}

/** The checked options, without the API key (it lives only inside the HTTP client). */
export interface ResolvedEasyPostOptions {
  readonly code: string;
  readonly baseUrl: string;
  readonly webhookSecret: string | null;
  readonly fromAddress: EasyPostFromAddress;
  readonly defaultParcel: EasyPostParcel;
  readonly labelFormat: LabelFormat;
  readonly timeoutMs: number;
  readonly preferredCarriers: readonly string[];
  readonly service: string | null;
}

/** Checks the options once, at construction, with a message per bad value (none of which repeats the API key). */
export function resolveEasyPostOptions(options: EasyPostGatewayOptions): ResolvedEasyPostOptions {
  const problems: string[] = [];
  const code = options.code ?? 'easypost';
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(code)) problems.push('code must be lower-case letters, digits, "_" or "-"');
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') problems.push('apiKey is required');
  const baseUrl = (options.baseUrl ?? 'https://api.easypost.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(baseUrl)) problems.push('baseUrl must be an http(s) URL');
  const webhookSecret = options.webhookSecret ?? null;
  if (webhookSecret !== null && webhookSecret === '') problems.push('webhookSecret must not be empty (leave it out to turn webhooks off)');
  const labelFormat = options.labelFormat ?? 'PDF';
  if (!LABEL_FORMATS.includes(labelFormat)) problems.push(`labelFormat must be one of ${LABEL_FORMATS.join(', ')}`);
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) problems.push('timeoutMs must be a positive whole number of milliseconds');
  const parcel = options.defaultParcel;
  if (!parcel || !(typeof parcel.weight === 'number' && parcel.weight > 0)) problems.push('defaultParcel.weight must be a positive number of ounces');
  for (const side of ['length', 'width', 'height'] as const) {
    const value = parcel?.[side];
    if (value !== undefined && !(typeof value === 'number' && value > 0)) problems.push(`defaultParcel.${side} must be a positive number of inches`);
  }
  const from = options.fromAddress;
  if (!from || [from.name, from.street, from.city, from.zip].some((v) => typeof v !== 'string' || v.trim() === '')) {
    problems.push('fromAddress needs name, street, city and zip');
  }
  if (problems.length > 0) throw new Error(`Invalid EasyPost gateway options: ${problems.join('; ')}`);
  return {
    code,
    baseUrl,
    webhookSecret,
    fromAddress: from,
    defaultParcel: parcel,
    labelFormat,
    timeoutMs,
    preferredCarriers: options.preferredCarriers ?? [],
    service: options.service ?? null,
  };
}
