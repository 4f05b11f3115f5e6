import type { TrackingStatus } from '@oms/order-core';
import { EASYPOST_STATUS_MAP, normalizeEasyPostStatus } from './easypost-status';
import { parseEasyPostWebhook } from './easypost-webhook-event';

const TABLE: readonly [string, TrackingStatus][] = [
  ['pre_transit', 'label_created'],
  ['in_transit', 'in_transit'],
  ['out_for_delivery', 'out_for_delivery'],
  ['delivered', 'delivered'],
  ['available_for_pickup', 'available_for_pickup'],
  ['return_to_sender', 'returned_to_sender'],
  ['failure', 'exception'],
  ['cancelled', 'cancelled'],
  ['error', 'exception'],
  ['unknown', 'unknown'],
];

describe('EasyPost tracking statuses', () => {
  it('maps every status EasyPost documents, and nothing else', () => {
    expect(Object.keys(EASYPOST_STATUS_MAP).sort()).toEqual(TABLE.map(([code]) => code).sort());
  });

  it.each(TABLE)('maps %s to %s, keeping the raw code on the update', (code, status) => {
    expect(normalizeEasyPostStatus(code)).toBe(status);
    const event = {
      object: 'Event',
      description: 'tracker.updated',
      result: { object: 'Tracker', id: 'trk_1', status: code, tracking_code: 'EZ1', shipment_id: 'shp_1', tracking_details: [{ status: code, datetime: '2024-01-02T03:04:05Z' }] },
    };
    const [update] = parseEasyPostWebhook({ rawBody: new TextEncoder().encode(JSON.stringify(event)), headers: {} });
    expect(update).toMatchObject({ status, rawCode: code });
  });

  it('reads a code it does not know, or an inherited property name, as unknown', () => {
    expect(normalizeEasyPostStatus('lost_in_space')).toBe('unknown');
    expect(normalizeEasyPostStatus('constructor')).toBe('unknown');
    expect(normalizeEasyPostStatus('Delivered')).toBe('unknown');
  });
});
