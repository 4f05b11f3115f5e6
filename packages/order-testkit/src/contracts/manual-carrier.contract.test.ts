import { ManualCarrierGateway } from '@oms/order-core';
import { describeCarrierContract } from './carrier-gateway.contract';

describeCarrierContract('manual', async () => ({ gateway: new ManualCarrierGateway(), close: async () => undefined }));
