import { sampleCarrierShipmentRequest, startTestCarrierServer, type TestCarrierServer, type TestCarrierServerOptions } from '@oms/order-testkit';
import type { CarrierShipmentRequest, LabelFormat } from '@oms/order-core';
import { EasyPostCarrierGateway } from '../easypost-carrier-gateway';
import type { EasyPostGatewayOptions } from '../easypost-options';

export const TEST_API_KEY = 'EZTK_secret_test_key_4f9a';
export const TEST_WEBHOOK_SECRET = 'whsec-test-carrier';

export const WAREHOUSE = {
  name: 'OMS Warehouse',
  company: 'OMS Inc.',
  street: '417 Montgomery Street',
  street2: '5th Floor',
  city: 'San Francisco',
  state: 'CA',
  zip: '94104',
  country: 'US',
  phone: '4153334445',
  email: 'warehouse@example.com',
} as const;

export interface EasyPostSetup {
  readonly server: TestCarrierServer;
  readonly gateway: EasyPostCarrierGateway;
}

/** A test carrier and a gateway pointed at it; the caller closes `server`. */
export async function startEasyPost(
  gatewayOptions: Partial<EasyPostGatewayOptions> = {},
  serverOptions: TestCarrierServerOptions = {},
): Promise<EasyPostSetup> {
  const server = await startTestCarrierServer({ apiKey: TEST_API_KEY, webhookSecret: TEST_WEBHOOK_SECRET, ...serverOptions });
  const gateway = new EasyPostCarrierGateway({
    apiKey: TEST_API_KEY,
    baseUrl: server.url,
    webhookSecret: TEST_WEBHOOK_SECRET,
    fromAddress: WAREHOUSE,
    defaultParcel: { weight: 16, length: 10, width: 8, height: 4 },
    timeoutMs: 2_000,
    ...gatewayOptions,
  });
  return { server, gateway };
}

let sequence = 0;

/** A request under a fresh key (our shipment id), as the core sends it. */
export function shipmentRequest(overrides: Partial<CarrierShipmentRequest> = {}, labelFormat: LabelFormat | null = null): CarrierShipmentRequest {
  sequence += 1;
  const key = `shp_01TEST${String(sequence).padStart(20, '0')}`;
  return { ...sampleCarrierShipmentRequest(key, labelFormat), ...overrides };
}
