import type { Address } from '@oms/order-core';
import { html, type SafeHtml } from '../escape-html';

/** An address as printed: one line per part, empty parts left out. */
export function addressLines(address: Address): string[] {
  const cityLine = [address.city + (address.state ? `, ${address.state}` : ''), address.zip].filter((p) => p.trim() !== '').join(' ');
  return [address.name, address.company, address.street, address.street2, cityLine, address.country].filter((l): l is string => l !== null && l.trim() !== '');
}

export function linesBlock(lines: readonly string[], className = 'block'): SafeHtml {
  return html`<div class="${className}">${lines.map((line) => html`<div>${line}</div>`)}</div>`;
}

export function addressBlock(address: Address, className = 'block'): SafeHtml {
  return linesBlock(addressLines(address), className);
}
