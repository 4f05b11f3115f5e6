import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

function run(command: string, args: readonly string[], input?: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${command} exited ${code}: ${Buffer.concat(err).toString()}`))));
    child.stdin.end(input ? Buffer.from(input) : undefined);
  });
}

/** The PDF's text, laid out, by poppler's pdftotext reading the PDF on stdin. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await run('pdftotext', ['-layout', '-', '-'], pdf)).toString('utf8');
}

async function withPdfFile<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'oms-pdf-test-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Page count and each page's size in points, from pdfinfo. */
export async function pdfPages(pdf: Uint8Array): Promise<{ width: number; height: number }[]> {
  return withPdfFile(pdf, async (file) => {
    const info = (await run('pdfinfo', [file])).toString();
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    const sizes = (await run('pdfinfo', ['-f', '1', '-l', String(pages), file])).toString();
    return [...sizes.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
  });
}

/**
 * One page rasterized by pdftoppm at 300 dpi, in grey; `rows` and `cols` (fractions of the page's height and width)
 * keep only that part, which spares decoding pixels no code is on.
 */
interface Band {
  readonly from: number;
  readonly to: number;
}

export async function rasterizePage(pdf: Uint8Array, page: number, rows: Band = { from: 0, to: 1 }, cols: Band = { from: 0, to: 1 }): Promise<PNG> {
  const size = (await pdfPages(pdf))[page - 1];
  if (!size) throw new Error(`The PDF has no page ${page}`);
  const heightPx = Math.round((size.height / 72) * 300);
  const widthPx = Math.round((size.width / 72) * 300);
  const top = Math.floor(heightPx * rows.from);
  const left = Math.floor(widthPx * cols.from);
  const crop = ['-x', String(left), '-y', String(top), '-W', String(Math.ceil(widthPx * cols.to) - left), '-H', String(Math.ceil(heightPx * rows.to) - top)];
  return withPdfFile(pdf, async (file, dir) => {
    await run('pdftoppm', ['-r', '300', '-png', '-gray', ...crop, '-f', String(page), '-l', String(page), file, join(dir, 'page')]);
    const png = (await readdir(dir)).find((name) => name.endsWith('.png'));
    if (!png) throw new Error('pdftoppm wrote no PNG');
    return PNG.sync.read(await readFile(join(dir, png)));
  });
}

function luminance(image: PNG): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.width * image.height);
  for (let i = 0; i < out.length; i++) {
    const o = i * 4;
    out[i] = (image.data[o]! * 299 + image.data[o + 1]! * 587 + image.data[o + 2]! * 114) / 1000;
  }
  return out;
}

/** The text of the Code 128 barcode on the image (ZXing). */
export function decodeCode128(image: PNG): string {
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]]]);
  const reader = new MultiFormatReader();
  reader.setHints(hints);
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance(image), image.width, image.height)));
  const result = reader.decode(bitmap);
  if (result.getBarcodeFormat() !== BarcodeFormat.CODE_128) throw new Error(`Expected Code 128, read ${BarcodeFormat[result.getBarcodeFormat()]}`);
  return result.getText();
}

/** The text of the QR code on the image (jsQR), or null. */
export function decodeQr(image: PNG): string | null {
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height)?.data ?? null;
}

export interface ConnectionCounter {
  readonly port: number;
  /** Connections accepted so far. */
  count(): number;
  /** The first line each connection sent (an HTTP request line, or '' for a bare connect): what leaked. */
  seen(): readonly string[];
  close(): Promise<void>;
}

/** A TCP listener that counts every connection made to it: the hardening tests expect none. */
export async function connectionCounter(): Promise<ConnectionCounter> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const index = lines.push('') - 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (chunk: Buffer) => {
      lines[index] = chunk.toString('latin1').split('\r\n')[0] ?? '';
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nLEAKED');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    count: () => lines.length,
    seen: () => [...lines],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
