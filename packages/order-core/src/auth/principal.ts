import { DomainError } from '../shared/errors';

export const SCOPES = [
  'orders:read',
  'orders:write',
  'orders:delete',
  'products:read',
  'products:write',
  'inventory:read',
  'inventory:write',
  'fulfillment:write',
  'tokens:write',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Staff without an explicit `scope` claim get these; admins get every scope. */
export const DEFAULT_STAFF_SCOPES: readonly Scope[] = ['orders:read', 'orders:write', 'products:read', 'inventory:read', 'fulfillment:write'];

/**
 * Who is acting. Every use case receives one and decides authorization itself, so a service that embeds the core
 * without HTTP is protected too.
 */
export type Principal =
  | {
      readonly kind: 'staff';
      readonly id: string;
      readonly role: 'admin' | 'staff';
      readonly email: string | null;
      readonly scopes: readonly Scope[];
    }
  | { readonly kind: 'customer'; readonly id: string; readonly customerId: string; readonly email: string | null }
  /** A delivery person: sees and settles only the deliveries assigned to them. */
  | { readonly kind: 'courier'; readonly id: string; readonly email: string | null }
  | { readonly kind: 'integration'; readonly id: string; readonly name: string; readonly scopes: readonly Scope[] }
  | { readonly kind: 'system'; readonly id: string }
  | { readonly kind: 'public' };

export type PrincipalKind = Principal['kind'];

/** How an actor appears on events and timelines. */
export interface ActorRef {
  readonly kind: PrincipalKind;
  readonly id: string | null;
  readonly display: string;
}

export function adminPrincipal(id: string, email: string | null = null): Principal {
  return { kind: 'staff', id, role: 'admin', email, scopes: SCOPES };
}

export function systemPrincipal(id = 'system'): Principal {
  return { kind: 'system', id };
}

export function actorOf(principal: Principal): ActorRef {
  switch (principal.kind) {
    case 'staff':
      return { kind: 'staff', id: principal.id, display: principal.email ?? principal.id };
    case 'customer':
      return { kind: 'customer', id: principal.id, display: principal.email ?? principal.customerId };
    case 'courier':
      return { kind: 'courier', id: principal.id, display: principal.email ?? principal.id };
    case 'integration':
      return { kind: 'integration', id: principal.id, display: principal.name };
    case 'system':
      return { kind: 'system', id: principal.id, display: principal.id };
    case 'public':
      return { kind: 'public', id: null, display: 'public' };
  }
}

export function hasScope(principal: Principal, scope: Scope): boolean {
  switch (principal.kind) {
    case 'system':
      return true;
    case 'staff':
    case 'integration':
      return principal.scopes.includes(scope);
    case 'customer':
    case 'courier':
    case 'public':
      return false;
  }
}

/** Throws FORBIDDEN unless the principal holds the scope. Customers and the public hold no staff scopes. */
export function requireScope(principal: Principal, scope: Scope): void {
  if (!hasScope(principal, scope)) {
    throw new DomainError('FORBIDDEN', `This action needs the ${scope} permission`, { required_scope: scope });
  }
}

/** A stable key per caller, used to scope idempotency keys so two callers never share one. */
export function principalKey(principal: Principal): string {
  return principal.kind === 'public' ? 'public' : `${principal.kind}:${principal.id}`;
}
