import { actorOf, systemPrincipal, type Principal } from '../../auth/principal';
import type { Shipment } from '../../fulfillment/shipment';
import { normalizeTrackingNumber } from '../../fulfillment/tracking-numbers';
import type { CarrierGateway, CarrierTrackingUpdate, CarrierWebhookRequest } from '../../ports/carrier-gateway.port';
import { CarrierError } from '../../ports/carrier-gateway.port';
import type { Repositories } from '../../ports/unit-of-work.port';
import { DomainError } from '../../shared/errors';
import { nowIso } from '../dependencies';
import type { FulfillmentDependencies } from './carriers';
import { settleOrder } from './settle-order';
import { applyStatusReport } from './shipping';

export interface TrackingIntake {
  readonly received: number;
  /** Reports that changed a shipment. */
  readonly applied: number;
  /** Duplicates, stale reports and reports about parcels we do not know. */
  readonly ignored: number;
}

async function findShipment(repos: Repositories, gateway: string, update: CarrierTrackingUpdate): Promise<Shipment | null> {
  if (update.carrierShipmentId) {
    const byId = await repos.shipments.findByCarrierShipmentId(gateway, update.carrierShipmentId);
    if (byId) return byId;
  }
  if (!update.trackingNumber) return null;
  const matches = (await repos.shipments.findByTrackingNumber(normalizeTrackingNumber(update.trackingNumber))).filter((s) => s.gateway === gateway);
  return matches.length === 1 ? matches[0]! : null;
}

/** Applies carrier reports, each in its own transaction, and moves orders to delivered or returned when all parcels are. */
export async function applyTrackingUpdates(deps: FulfillmentDependencies, gateway: CarrierGateway, updates: readonly CarrierTrackingUpdate[], source: string): Promise<TrackingIntake> {
  const system = systemPrincipal(`carrier:${gateway.code}`);
  let applied = 0;
  for (const reported of updates) {
    // Times are compared as text: store them in one form (UTC, milliseconds), and skip reports without a real time.
    const at = typeof reported.occurredAt === 'string' ? Date.parse(reported.occurredAt) : NaN;
    if (Number.isNaN(at)) continue;
    const update = { ...reported, occurredAt: new Date(at).toISOString() };
    const changed = await deps.uow.transaction(async (repos) => {
      const shipment = await findShipment(repos, gateway.code, update);
      const order = shipment && (await repos.orders.findById(shipment.orderId));
      if (!shipment || !order) return false;
      const now = nowIso(deps.clock);
      const ctx = { repos, ids: deps.ids, actor: actorOf(system), now };
      const result = await applyStatusReport(ctx, shipment, {
        status: update.status,
        rawCode: update.rawCode,
        description: update.description,
        location: update.location,
        occurredAt: update.occurredAt,
        dedupeKey: update.eventId ?? `${update.rawCode}|${update.status}|${update.occurredAt}`,
        source,
        estimatedDelivery: update.estimatedDelivery,
        trackingNumber: update.trackingNumber ? normalizeTrackingNumber(update.trackingNumber) : null,
        ...(update.carrier ? { carrier: update.carrier } : {}),
        ...(update.label ? { label: update.label } : {}),
      });
      if (result.changed) await settleOrder(deps, repos, order, system, { reason: `Carrier ${gateway.code}: ${update.rawCode}` });
      return result.changed;
    });
    if (changed) applied += 1;
  }
  return { received: updates.length, applied, ignored: updates.length - applied };
}

/**
 * A tracking webhook from a carrier. The signature is checked over the raw bytes before anything is parsed; a bad or
 * missing one changes nothing. Duplicates and reports older than the last one applied are harmless.
 */
export class ReceiveCarrierWebhook {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(input: { readonly carrier: string } & CarrierWebhookRequest, _principal: Principal): Promise<TrackingIntake> {
    const gateway = typeof input.carrier === 'string' ? this.deps.carriers.get(input.carrier.toLowerCase()) : undefined;
    if (!gateway || !gateway.capabilities.webhooks || !gateway.verifyWebhook || !gateway.parseWebhook) {
      throw new DomainError('NOT_FOUND', `No carrier ${String(input.carrier)} takes webhooks here`, {});
    }
    if (!gateway.verifyWebhook({ rawBody: input.rawBody, headers: input.headers })) {
      throw new DomainError('UNAUTHENTICATED', 'The webhook signature is missing or does not match', {});
    }
    let updates: readonly CarrierTrackingUpdate[];
    try {
      updates = gateway.parseWebhook({ rawBody: input.rawBody, headers: input.headers });
    } catch (error) {
      if (error instanceof CarrierError) {
        throw new DomainError('VALIDATION_FAILED', `The webhook body could not be read: ${error.message}`, { errors: [{ field: 'body', message: error.message }] });
      }
      throw error;
    }
    return applyTrackingUpdates(this.deps, gateway, updates, 'webhook');
  }
}

/** Polls carriers that can be polled for the parcels still on their way; for carriers without webhooks. */
export class PollShipmentTracking {
  constructor(private readonly deps: FulfillmentDependencies) {}

  async execute(input: { readonly limit?: number }, principal: Principal): Promise<TrackingIntake> {
    if (principal.kind !== 'system') throw new DomainError('FORBIDDEN', 'Only the system polls carriers', {});
    const total = { received: 0, applied: 0, ignored: 0 };
    for (const gateway of this.deps.carriers.values()) {
      if (!gateway.capabilities.tracking || !gateway.track) continue;
      const page = await this.deps.uow.repositories.shipments.list({
        carrier: gateway.code,
        statuses: ['label_created', 'picked_up', 'in_transit', 'out_for_delivery', 'available_for_pickup', 'delayed', 'exception', 'unknown'],
        limit: input.limit ?? 100,
        offset: 0,
      });
      for (const shipment of page.items.filter((s) => s.gateway === gateway.code)) {
        try {
          const updates = await gateway.track({ carrierShipmentId: shipment.carrierShipmentId, trackingNumber: shipment.trackingNumber });
          const intake = await applyTrackingUpdates(this.deps, gateway, updates, 'poll');
          total.received += intake.received;
          total.applied += intake.applied;
          total.ignored += intake.ignored;
        } catch (error) {
          if (!(error instanceof CarrierError)) throw error;
          // One carrier being down must not stop the others; the next poll tries again.
        }
      }
    }
    return total;
  }
}
