import { actorOf, requireScope, type Principal } from '../../auth/principal';
import type { OrderStatus } from '../../lifecycle/order-status';
import type { Address } from '../../orders/order';
import type { FieldChange, OrderEvent } from '../../orders/order-event';
import { checkAddress, checkEmail, checkPhone, LIMITS, type AddressInput } from '../../orders/order-input';
import { DomainError } from '../../shared/errors';
import { InputChecker } from '../../shared/input-checker';
import { canonicalJson, isJsonObject, utf8ByteLength, type JsonObject, type JsonValue } from '../../shared/json';
import { nowIso, type CoreDependencies } from '../dependencies';
import { orderDetailsIn, type OrderDetails } from '../orders/get-order';
import { checkExpectedVersion } from '../versioning';

export interface OrderEdits {
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly shippingAddress?: AddressInput;
  readonly billingAddress?: AddressInput | null;
  readonly notes?: string | null;
  /** Merged key by key into the order's metadata; a null value deletes the key. */
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}

/** Once the parcel has left, the addresses on the order are what it was sent to. */
export const ADDRESS_LOCKED_STATUSES: readonly OrderStatus[] = ['shipped', 'delivered', 'completed', 'returned', 'refunded'];

export interface EditOrderResult extends OrderDetails {
  /** The fields that changed, with before and after; empty when the edit changed nothing. */
  readonly changes: Readonly<Record<string, FieldChange>>;
}

/** Corrects an order's contact, addresses, notes and metadata; every real change is on the timeline. */
export class EditOrder {
  constructor(private readonly deps: CoreDependencies) {}

  async execute(input: { readonly orderId: string; readonly changes: OrderEdits; readonly expectedVersion?: number }, principal: Principal): Promise<EditOrderResult> {
    requireScope(principal, 'orders:write');
    const edits = input.changes ?? {};
    const check = new InputChecker();
    if (Object.values(edits).every((v) => v === undefined)) check.fail('body', 'must change at least one field');
    const email = edits.email === undefined ? undefined : checkEmail(check, 'email', edits.email);
    const phone = edits.phone === undefined ? undefined : checkPhone(check, 'phone', edits.phone);
    const shipping = edits.shippingAddress === undefined ? undefined : checkAddress(check, 'shipping_address', edits.shippingAddress);
    const billing = edits.billingAddress === undefined ? undefined : edits.billingAddress === null ? null : checkAddress(check, 'billing_address', edits.billingAddress);
    const notes = edits.notes === undefined ? undefined : check.multiline('notes', edits.notes, LIMITS.maxNotes);
    if (edits.metadata !== undefined && !isJsonObject(edits.metadata)) check.fail('metadata', 'must be a JSON object');
    check.throwIfFailed();

    return this.deps.uow.transaction(async (repos) => {
      const current = await repos.orders.findById(input.orderId);
      if (!current) throw DomainError.notFound('Order', input.orderId);
      checkExpectedVersion('Order', current.version, input.expectedVersion);
      const metadata = edits.metadata === undefined ? current.metadata : mergeMetadata(current.metadata, edits.metadata);
      const next = {
        ...current,
        contact: { ...current.contact, email: email === undefined ? current.contact.email : email, phone: phone === undefined ? current.contact.phone : phone },
        shippingAddress: shipping ?? current.shippingAddress,
        billingAddress: billing === undefined ? current.billingAddress : billing,
        notes: notes === undefined ? current.notes : notes,
        metadata,
      };
      const changes: Record<string, FieldChange> = {};
      const compare = (field: string, from: JsonValue, to: JsonValue) => {
        if (canonicalJson(from) !== canonicalJson(to)) changes[field] = { from, to };
      };
      compare('email', current.contact.email, next.contact.email);
      compare('phone', current.contact.phone, next.contact.phone);
      compare('shipping_address', addressJson(current.shippingAddress), addressJson(next.shippingAddress));
      compare('billing_address', addressJson(current.billingAddress), addressJson(next.billingAddress));
      compare('notes', current.notes, next.notes);
      compare('metadata', current.metadata, next.metadata);
      if (Object.keys(changes).length === 0) {
        return { ...(await orderDetailsIn(repos, current)), changes };
      }
      if ((changes['shipping_address'] || changes['billing_address']) && ADDRESS_LOCKED_STATUSES.includes(current.status)) {
        throw new DomainError('CONFLICT', `The addresses of an order that is ${current.status} can no longer change`, {
          field: changes['shipping_address'] ? 'shipping_address' : 'billing_address',
          status: current.status,
        });
      }
      const now = nowIso(this.deps.clock);
      const updated = { ...next, version: current.version + 1, updatedAt: now };
      if (!(await repos.orders.update(updated, current.version))) {
        throw new DomainError('VERSION_CONFLICT', `Order ${current.id} was changed by someone else; reload and retry`, { id: current.id });
      }
      const event: OrderEvent = { id: this.deps.ids.next('evt'), orderId: current.id, type: 'order_edited', actor: actorOf(principal), at: now, data: { changes } };
      await repos.orderEvents.append([event]);
      return { ...(await orderDetailsIn(repos, updated)), changes };
    });
  }
}

function addressJson(address: Address | null): JsonValue {
  return address === null ? null : { ...address };
}

function mergeMetadata(current: JsonObject, patch: Readonly<Record<string, JsonValue>>): JsonObject {
  const merged: Record<string, JsonValue> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  if (utf8ByteLength(JSON.stringify(merged)) > LIMITS.maxMetadataBytes) {
    throw DomainError.validation([{ field: 'metadata', message: `must be at most ${LIMITS.maxMetadataBytes} bytes as JSON after merging` }]);
  }
  return merged;
}
