import { CarrierError, type CarrierCapabilities, type CarrierGateway, type CarrierShipment } from '../ports/carrier-gateway.port';

/**
 * Shipments handed to any shipping company by hand: staff type the tracking number (checked by format and check
 * digit for UPS, USPS, FedEx and DHL Express), and tracking moves by scans, couriers or status changes.
 */
export class ManualCarrierGateway implements CarrierGateway {
  readonly code = 'manual';
  readonly capabilities: CarrierCapabilities = {
    createShipment: false,
    cancelShipment: true,
    labelFormats: [],
    webhooks: false,
    asyncCreation: false,
    tracking: false,
  };

  async createShipment(): Promise<CarrierShipment> {
    throw new CarrierError('Manual shipments are recorded with the tracking number staff give; nothing is bought', false, 'unsupported');
  }

  /** Nothing was bought, so there is nothing to void. */
  async cancelShipment(): Promise<void> {}
}
