import { describeCarrierContract, type CarrierContractFixture } from '@oms/order-testkit';
import type { TrackingStatus } from '@oms/order-core';
import { startEasyPost } from './test-support/easypost-test-setup';

/** The EasyPost code the test carrier reports for each normalized status the contract asks for. */
const EASYPOST_CODE = {
  label_created: 'pre_transit',
  picked_up: 'in_transit',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  available_for_pickup: 'available_for_pickup',
  delayed: 'in_transit',
  exception: 'failure',
  delivered: 'delivered',
  returned_to_sender: 'return_to_sender',
  cancelled: 'cancelled',
  unknown: 'unknown',
} as const satisfies Record<TrackingStatus, string>;

describeCarrierContract('easypost', async (): Promise<CarrierContractFixture> => {
  const { server, gateway } = await startEasyPost();
  return {
    gateway,
    labelsBought: async () => server.labelsBought(),
    webhooks: {
      update: async (carrierShipmentId, status) => {
        const signed = await server.advanceTracking(carrierShipmentId, EASYPOST_CODE[status], { estDeliveryDate: '2030-01-15' });
        return { rawBody: signed.rawBody, headers: signed.headers };
      },
      signedWithOtherSecret: (rawBody) => ({ rawBody, headers: server.signatureHeaders(rawBody, 'not-the-configured-secret') }),
      signatureHeaders: ['x-hmac-signature'],
    },
    close: () => server.close(),
  };
});
