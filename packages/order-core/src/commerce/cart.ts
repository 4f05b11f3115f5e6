/** One open cart per customer. Prices are not stored: they are read from the catalog whenever the cart is shown. */
export interface Cart {
  /** `cart_` + ULID. */
  readonly id: string;
  readonly customerId: string;
  readonly items: readonly CartItem[];
  readonly couponCode: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CartItem {
  readonly productId: string;
  readonly quantity: number;
}

export const MAX_CART_LINES = 100;
