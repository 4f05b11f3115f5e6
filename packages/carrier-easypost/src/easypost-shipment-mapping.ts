import { CarrierError, type Address, type CarrierShipment, type CarrierShipmentRequest, type LabelFormat, type ShipmentLabel } from '@oms/order-core';
import type { EasyPostPostageLabel, EasyPostRate, EasyPostShipment } from './easypost-objects';
import type { EasyPostFromAddress, ResolvedEasyPostOptions } from './easypost-options';
import { normalizeEasyPostStatus } from './easypost-status';
import { estimatedDeliveryOf } from './easypost-tracking';

function addressBody(address: Address, phone: string | null | undefined, email: string | null | undefined): Record<string, string> {
  const body: Record<string, string> = { name: address.name, street1: address.street, city: address.city, zip: address.zip };
  if (address.company) body.company = address.company;
  if (address.street2) body.street2 = address.street2;
  if (address.state) body.state = address.state;
  if (address.country) body.country = address.country;
  if (phone) body.phone = phone;
  if (email) body.email = email;
  return body;
}

/**
 * The body of `POST /v2/shipments`. `reference` is our shipment id (unique, so a retry can find what an earlier
 * attempt created); the order reference is printed on the label instead.
 */
export function shipmentBody(request: CarrierShipmentRequest, options: ResolvedEasyPostOptions): Record<string, unknown> {
  const from: EasyPostFromAddress = options.fromAddress;
  return {
    reference: request.shipmentId,
    to_address: addressBody(request.to, request.contact.phone, request.contact.email),
    from_address: addressBody(from, from.phone, from.email),
    parcel: { ...options.defaultParcel },
    options: { label_format: request.labelFormat ?? options.labelFormat, print_custom_1: request.orderReference },
  };
}

/** A shipment whose postage was bought, even if its label and tracking code are still being made. */
export function isBought(shipment: EasyPostShipment): boolean {
  return shipment.selected_rate !== null || shipment.postage_label !== null || shipment.tracking_code !== null;
}

/** The rate to buy: the named service (else the configured one) among the preferred carriers, cheapest first. */
export function chooseRate(shipment: EasyPostShipment, service: string | null, preferredCarriers: readonly string[]): EasyPostRate {
  const carriers = preferredCarriers.map((c) => c.toLowerCase());
  const wanted = service?.toLowerCase() ?? null;
  const candidates = shipment.rates.filter(
    (rate) => (carriers.length === 0 || carriers.includes(rate.carrier.toLowerCase())) && (wanted === null || rate.service.toLowerCase() === wanted),
  );
  const cheapest = candidates.reduce<EasyPostRate | null>((best, rate) => (best === null || Number(rate.rate) < Number(best.rate) ? rate : best), null);
  if (cheapest) return cheapest;
  const offered = shipment.rates.map((r) => `${r.carrier} ${r.service}`).join(', ') || 'none';
  const asked = [wanted ? `service ${service}` : null, carriers.length > 0 ? `carriers ${preferredCarriers.join('/')}` : null].filter(Boolean).join(' from ');
  const notes = shipment.messages.length > 0 ? `; EasyPost says: ${shipment.messages.join('; ')}` : '';
  throw new CarrierError(`EasyPost offered no rate${asked ? ` for ${asked}` : ''} (offered: ${offered})${notes}`.slice(0, 500), false, 'no_rate');
}

const FILE_TYPES: Readonly<Record<string, LabelFormat>> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'application/zpl': 'ZPL' };

/** The label in the format asked for when EasyPost has it, else the main file in whatever format that is. */
export function labelOf(label: EasyPostPostageLabel | null, wanted: LabelFormat): ShipmentLabel | null {
  if (label === null) return null;
  const mainFormat = label.label_file_type ? (FILE_TYPES[label.label_file_type.toLowerCase()] ?? null) : null;
  const byFormat: Record<LabelFormat, string | null> = {
    PDF: label.label_pdf_url ?? (mainFormat === 'PDF' ? label.label_url : null),
    ZPL: label.label_zpl_url ?? (mainFormat === 'ZPL' ? label.label_url : null),
    PNG: mainFormat === 'PNG' ? label.label_url : null,
  };
  const url = byFormat[wanted];
  if (url) return { format: wanted, url };
  if (mainFormat && label.label_url) return { format: mainFormat, url: label.label_url };
  return null;
}

export function toCarrierShipment(shipment: EasyPostShipment, wantedFormat: LabelFormat): CarrierShipment {
  const trackingNumber = shipment.tracking_code ?? shipment.tracker?.tracking_code ?? null;
  const reported = normalizeEasyPostStatus(shipment.tracker?.status ?? shipment.status ?? 'unknown');
  // A bought label that no carrier has scanned yet: EasyPost says `unknown`, we know the label exists.
  const status = trackingNumber === null ? 'unknown' : reported === 'unknown' ? 'label_created' : reported;
  const rateDate = shipment.selected_rate?.delivery_date;
  return {
    carrierShipmentId: shipment.id,
    carrier: shipment.selected_rate?.carrier ?? shipment.tracker?.carrier ?? 'EasyPost',
    service: shipment.selected_rate?.service ?? null,
    trackingNumber,
    status,
    label: labelOf(shipment.postage_label, wantedFormat),
    estimatedDelivery: estimatedDeliveryOf(shipment.tracker) ?? (rateDate && /^\d{4}-\d{2}-\d{2}/.test(rateDate) ? rateDate.slice(0, 10) : null),
  };
}
