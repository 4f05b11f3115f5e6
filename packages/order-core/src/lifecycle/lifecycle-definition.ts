import type { Order } from '../orders/order';
import { ORDER_STATUSES, type OrderStatus } from './order-status';

/** A pure predicate: returns why the transition is refused, or null to allow it. */
export interface TransitionGuard {
  readonly name: string;
  /** Applies to transitions into `to`, from `from` when given (from anywhere otherwise). */
  readonly from?: OrderStatus;
  readonly to: OrderStatus;
  check(order: Order): string | null;
}

/** What a transition does to stock, executed in the same transaction as the status change. */
export const STOCK_EFFECTS = ['reserve', 'release', 'consume', 'restock'] as const;
export type StockEffect = (typeof STOCK_EFFECTS)[number];

export interface TransitionEffect {
  /** Applies to transitions into `to`, from `from` when given (from anywhere otherwise). */
  readonly from?: OrderStatus;
  readonly to: OrderStatus;
  readonly effect: StockEffect;
}

/**
 * The order lifecycle as data. A deployment may supply its own (fewer states, other transitions, guards) as long
 * as it passes `checkLifecycle`.
 */
export interface LifecycleDefinition {
  readonly name: string;
  readonly states: readonly OrderStatus[];
  /** States an order may be created in. */
  readonly entry: readonly OrderStatus[];
  /** States with no way out; listed explicitly so a missing transition is never mistaken for an end. */
  readonly terminal: readonly OrderStatus[];
  readonly transitions: Readonly<Partial<Record<OrderStatus, readonly OrderStatus[]>>>;
  readonly guards: readonly TransitionGuard[];
  /** Stock effects of transitions: reserve (renew), release (cancel), consume (ship), restock (return). */
  readonly effects: readonly TransitionEffect[];
}

export type TransitionDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string; readonly allowedNext: readonly OrderStatus[] };

export function nextStatuses(definition: LifecycleDefinition, from: OrderStatus): readonly OrderStatus[] {
  return definition.transitions[from] ?? [];
}

/** Decides one requested transition: a pure function of the definition, the order and the target. */
export function decideTransition(definition: LifecycleDefinition, order: Order, to: OrderStatus): TransitionDecision {
  const allowedNext = nextStatuses(definition, order.status);
  if (!allowedNext.includes(to)) {
    return { allowed: false, reason: `An order cannot move from ${order.status} to ${to}`, allowedNext };
  }
  for (const guard of definition.guards) {
    if (guard.to !== to || (guard.from !== undefined && guard.from !== order.status)) continue;
    const refusal = guard.check(order);
    if (refusal !== null) return { allowed: false, reason: refusal, allowedNext };
  }
  return { allowed: true };
}

export function effectsOf(definition: LifecycleDefinition, from: OrderStatus, to: OrderStatus): readonly StockEffect[] {
  return definition.effects.filter((e) => e.to === to && (e.from === undefined || e.from === from)).map((e) => e.effect);
}

/** Every problem with a definition: unknown states, unreachable states, terminal states with exits, dead ends. */
export function checkLifecycle(definition: LifecycleDefinition): readonly string[] {
  const problems: string[] = [];
  const states = new Set<string>(definition.states);
  const known = new Set<string>(ORDER_STATUSES);
  for (const state of definition.states) if (!known.has(state)) problems.push(`unknown state ${state}`);
  if (states.size !== definition.states.length) problems.push('states are listed twice');
  if (definition.entry.length === 0) problems.push('no entry state');
  for (const state of definition.entry) if (!states.has(state)) problems.push(`entry state ${state} is not a state`);
  for (const state of definition.terminal) if (!states.has(state)) problems.push(`terminal state ${state} is not a state`);
  for (const [from, targets] of Object.entries(definition.transitions)) {
    if (!states.has(from)) problems.push(`transition from unknown state ${from}`);
    for (const to of targets ?? []) {
      if (!states.has(to)) problems.push(`transition ${from} -> ${to} targets an unknown state`);
      if (to === from) problems.push(`transition ${from} -> ${to} goes nowhere`);
    }
  }
  for (const state of definition.states) {
    const exits = definition.transitions[state] ?? [];
    const terminal = definition.terminal.includes(state);
    if (terminal && exits.length > 0) problems.push(`terminal state ${state} has transitions`);
    if (!terminal && exits.length === 0) problems.push(`state ${state} has no transitions and is not marked terminal`);
  }
  for (const guard of definition.guards) {
    const from = guard.from;
    if (from !== undefined ? !nextStatuses(definition, from).includes(guard.to) : !states.has(guard.to)) {
      problems.push(`guard ${guard.name} applies to a transition that does not exist`);
    }
  }
  for (const effect of definition.effects) {
    const from = effect.from;
    if (from !== undefined ? !nextStatuses(definition, from).includes(effect.to) : !states.has(effect.to)) {
      problems.push(`effect ${effect.effect} applies to a transition that does not exist`);
    }
  }
  const reached = new Set<OrderStatus>(definition.entry);
  const queue = [...definition.entry];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const next of nextStatuses(definition, state)) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  for (const state of definition.states) if (!reached.has(state)) problems.push(`state ${state} is unreachable`);
  return problems;
}

export function assertValidLifecycle(definition: LifecycleDefinition): LifecycleDefinition {
  const problems = checkLifecycle(definition);
  if (problems.length > 0) throw new Error(`Invalid lifecycle ${definition.name}: ${problems.join('; ')}`);
  return definition;
}
