import type { Cart } from '../commerce/cart';

export const CartRepository = Symbol.for('oms.CartRepository');
export interface CartRepository {
  findByCustomer(customerId: string): Promise<Cart | null>;
  /** Rejects with CONFLICT when the customer already has a cart. */
  insert(cart: Cart): Promise<void>;
  /** Replaces it if still at `expectedVersion`; false (nothing changed) otherwise. */
  update(cart: Cart, expectedVersion: number): Promise<boolean>;
  /** Deletes it if still at `expectedVersion`; false otherwise. */
  delete(id: string, expectedVersion: number): Promise<boolean>;
}
