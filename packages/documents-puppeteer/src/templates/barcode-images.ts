import * as bwipjs from 'bwip-js';
import * as QRCode from 'qrcode';

/** Lengths past which a barcode or QR code would not fit a 4x6 label legibly. */
export const MAX_BARCODE_LENGTH = 48;
export const MAX_QR_TEXT_LENGTH = 1000;

/** Thrown for text a Code 128 barcode or a QR code cannot carry; the caller says which field it was. */
export class BarcodeInputError extends Error {
  override readonly name = 'BarcodeInputError';

  constructor(
    readonly problem: string,
    readonly field: string | null = null,
  ) {
    super(field ? `${field} ${problem}` : problem);
  }
}

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/**
 * A Code 128 barcode as an SVG data: URL, bars only (the text is printed by the template), with the 10-module quiet
 * zone on both sides. The SVG stretches to the box the template gives it: stretching keeps the bar width ratios.
 */
export function code128DataUrl(text: string): string {
  if (text.length === 0 || text.length > MAX_BARCODE_LENGTH) throw new BarcodeInputError(`must be 1 to ${MAX_BARCODE_LENGTH} characters for a Code 128 barcode`);
  if (!/^[\x20-\x7e]+$/.test(text)) throw new BarcodeInputError('must be printable ASCII for a Code 128 barcode');
  let svg: string;
  try {
    // parsefnc stays off: the text is encoded literally, `^` included.
    svg = bwipjs.toSVG({ bcid: 'code128', text, scale: 1, height: 10, paddingwidth: 10, includetext: false });
  } catch (error) {
    throw new BarcodeInputError(`cannot be encoded as Code 128: ${String(error)}`);
  }
  return svgDataUrl(svg.replace('<svg ', '<svg preserveAspectRatio="none" '));
}

/** A QR code of `text` (error correction M, 2-module margin) as an SVG data: URL. */
export async function qrCodeDataUrl(text: string): Promise<string> {
  if (text.length === 0 || text.length > MAX_QR_TEXT_LENGTH) throw new BarcodeInputError(`must be 1 to ${MAX_QR_TEXT_LENGTH} characters for a QR code`);
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return svgDataUrl(svg);
}
