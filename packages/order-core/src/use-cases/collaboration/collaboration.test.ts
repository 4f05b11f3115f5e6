import { createTestOrderCore, domainErrorOf, InMemoryFileStore } from '@oms/order-testkit';
import { adminPrincipal, type Principal } from '../../auth/principal';
import { detectFileType, sanitizeFilename } from '../../attachments/file-type';

const admin = adminPrincipal('admin_1', 'marc@example.com');
const reader: Principal = { kind: 'integration', id: 'tok_r', name: 'reader', scopes: ['orders:read'] };
const address = { name: 'Jane', street: '1 Main St', city: 'Springfield', zip: '62701' };
const encoder = new TextEncoder();
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function* stream(...parts: (string | Uint8Array)[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? encoder.encode(part) : part;
}

async function setup(maxUploadBytes = 1_000) {
  const files = new InMemoryFileStore();
  const kit = createTestOrderCore({ files, maxUploadBytes });
  const product = await kit.core.createProduct.execute({ sku: 'TEE', name: 'Tee', price: 10 }, admin);
  await kit.core.bulkAdjustStock.execute({ adjustments: [{ productId: product.id, quantityChange: 100, reason: 'restock' }] }, admin);
  const { order } = await kit.core.placeOrder.execute({ customerId: 'c', items: [{ productId: product.id, quantity: 1 }], shippingAddress: address }, admin);
  return { ...kit, files, order };
}

describe('file types and names', () => {
  it('recognises types by their bytes, not by name', () => {
    expect(detectFileType(PNG, 'x.txt', false)).toBe('image/png');
    expect(detectFileType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]), 'x', false)).toBe('image/jpeg');
    expect(detectFileType(encoder.encode('GIF89a...'), 'x', false)).toBe('image/gif');
    expect(detectFileType(encoder.encode('RIFF\0\0\0\0WEBPVP8 '), 'x', false)).toBe('image/webp');
    expect(detectFileType(encoder.encode('%PDF-1.7\n'), 'x.png', false)).toBe('application/pdf');
    expect(detectFileType(encoder.encode('sku,qty\nTEE,2\n'), 'list.CSV', true)).toBe('text/csv');
    expect(detectFileType(encoder.encode('Grüße, café'), 'note.txt', true)).toBe('text/plain');
    expect(detectFileType(encoder.encode('<html><script>alert(1)</script>'), 'photo.png', true)).toBeNull();
    expect(detectFileType(encoder.encode('  \n<svg onload=alert(1)>'), 'a.txt', true)).toBeNull();
    expect(detectFileType(Uint8Array.from([0x4d, 0x5a, 0x90, 0x00]), 'setup.txt', true)).toBeNull();
    expect(detectFileType(Uint8Array.from([0x61, 0xc3]), 'cut.txt', false)).toBe('text/plain');
    expect(detectFileType(Uint8Array.from([0x61, 0xc3]), 'cut.txt', true)).toBeNull();
    expect(detectFileType(new Uint8Array(0), 'empty.txt', true)).toBeNull();
  });

  it('sanitises names: last segment, no control or reserved characters, no leading dots', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('..\\..\\boot.ini')).toBe('boot.ini');
    expect(sanitizeFilename('in\u0000voice\r\n 1.pdf')).toBe('invoice 1.pdf');
    expect(sanitizeFilename('"a<b>|c?.txt')).toBe('_a_b__c_.txt');
    expect(sanitizeFilename('.htaccess')).toBe('htaccess');
    expect(sanitizeFilename('../')).toBe('file');
  });
});

describe('notes and the timeline', () => {
  it('adds notes with author and time and shows everything oldest first', async () => {
    const { core, order, clock } = await setup();
    clock.advance(1000);
    const note = await core.addOrderNote.execute({ orderId: order.id, content: ' Customer called about shipping ETA ' }, admin);
    expect(note).toMatchObject({ type: 'note_added', data: { content: 'Customer called about shipping ETA' }, actor: { display: 'marc@example.com' } });
    clock.advance(1000);
    await core.changeOrderStatus.execute({ orderId: order.id, status: 'processing', reason: 'Picked' }, admin);
    await core.editOrder.execute({ orderId: order.id, changes: { phone: '+1 555 0100' } }, admin);
    const notes = await core.listOrderNotes.execute({ orderId: order.id }, reader);
    expect(notes.items.map((n) => n.id)).toEqual([note.id]);
    const timeline = await core.getOrderTimeline.execute({ orderId: order.id }, reader);
    expect(timeline.items.map((e) => e.type)).toEqual(['order_placed', 'note_added', 'status_changed', 'order_edited']);
    expect((await core.getOrderTimeline.execute({ orderId: order.id, limit: 2, offset: 2 }, reader)).items.map((e) => e.type)).toEqual(['status_changed', 'order_edited']);
  });

  it('refuses empty and overlong notes, unknown orders and readers', async () => {
    const { core, order } = await setup();
    expect((await domainErrorOf(core.addOrderNote.execute({ orderId: order.id, content: '   ' }, admin))).details['errors']).toEqual([{ field: 'content', message: 'must not be empty' }]);
    expect((await domainErrorOf(core.addOrderNote.execute({ orderId: order.id, content: 'x'.repeat(5_001) }, admin))).code).toBe('VALIDATION_FAILED');
    expect((await core.addOrderNote.execute({ orderId: order.id, content: 'x'.repeat(5_000) }, admin)).data.content).toHaveLength(5_000);
    expect((await domainErrorOf(core.addOrderNote.execute({ orderId: 'order_none', content: 'hi' }, admin))).code).toBe('NOT_FOUND');
    expect((await domainErrorOf(core.addOrderNote.execute({ orderId: order.id, content: 'hi' }, reader))).code).toBe('FORBIDDEN');
    expect((await domainErrorOf(core.getOrderTimeline.execute({ orderId: 'order_none' }, reader))).code).toBe('NOT_FOUND');
  });
});

describe('order edits', () => {
  it('merges metadata key by key, records the changed fields only, and bumps the version', async () => {
    const { core, order } = await setup();
    await core.editOrder.execute({ orderId: order.id, changes: { metadata: { channel: 'phone', gift: true } } }, admin);
    const edited = await core.editOrder.execute({ orderId: order.id, expectedVersion: 2, changes: { metadata: { gift: null, rush: 1 }, email: 'new@example.com', notes: 'Ring twice' } }, admin);
    expect(edited.order.metadata).toEqual({ channel: 'phone', rush: 1 });
    expect(edited.order.version).toBe(3);
    expect(Object.keys(edited.changes).sort()).toEqual(['email', 'metadata', 'notes']);
    expect(edited.changes['email']).toEqual({ from: null, to: 'new@example.com' });
    const same = await core.editOrder.execute({ orderId: order.id, changes: { email: 'new@example.com' } }, admin);
    expect(same.changes).toEqual({});
    expect(same.order.version).toBe(3);
    expect((await domainErrorOf(core.editOrder.execute({ orderId: order.id, expectedVersion: 2, changes: { notes: 'x' } }, admin))).code).toBe('PRECONDITION_FAILED');
  });

  it('refuses address changes once shipped, oversize metadata and bad fields, changing nothing', async () => {
    const { core, order } = await setup();
    const big = await domainErrorOf(core.editOrder.execute({ orderId: order.id, changes: { metadata: { blob: 'x'.repeat(17_000) } } }, admin));
    expect(big.details['errors']).toEqual([{ field: 'metadata', message: 'must be at most 16384 bytes as JSON after merging' }]);
    expect((await domainErrorOf(core.editOrder.execute({ orderId: order.id, changes: { email: 'nope' } }, admin))).details['errors']).toEqual([
      { field: 'email', message: 'must be an e-mail address' },
    ]);
    await core.changeOrderStatus.execute({ orderId: order.id, status: 'processing' }, admin);
    await core.changeOrderStatus.execute({ orderId: order.id, status: 'shipped' }, admin);
    const locked = await domainErrorOf(core.editOrder.execute({ orderId: order.id, changes: { shippingAddress: { ...address, street: '2 Elm St' } } }, admin));
    expect(locked).toMatchObject({ code: 'CONFLICT', details: { field: 'shipping_address', status: 'shipped' } });
    expect((await core.editOrder.execute({ orderId: order.id, changes: { notes: 'Fine after shipping' } }, admin)).order.notes).toBe('Fine after shipping');
    expect((await core.getOrder.execute({ orderId: order.id }, admin)).order.shippingAddress.street).toBe('1 Main St');
  });
});

describe('attachments', () => {
  it('uploads with the detected type, size and digest, sanitised name, and an event; downloads the same bytes', async () => {
    const { core, order, files } = await setup();
    const attachment = await core.uploadAttachment.execute({ orderId: order.id, filename: '../../etc/passwd.png', kind: 'design_proof', description: 'Round 2', content: stream(PNG, 'rest') }, admin);
    expect(attachment).toMatchObject({ filename: 'passwd.png', contentType: 'image/png', size: 16, kind: 'design_proof', description: 'Round 2' });
    expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(files.size).toBe(1);
    const { content } = await core.downloadAttachment.execute({ orderId: order.id, attachmentId: attachment.id }, reader);
    const bytes: number[] = [];
    for await (const chunk of content) bytes.push(...chunk);
    expect(Uint8Array.from(bytes)).toEqual(Uint8Array.from([...PNG, ...encoder.encode('rest')]));
    expect((await core.getOrderTimeline.execute({ orderId: order.id }, reader)).items.map((e) => e.type)).toContain('attachment_added');
  });

  it('refuses HTML declared as a PNG, oversize files and broken streams, leaving no bytes and no row', async () => {
    const { core, order, files } = await setup(100);
    const html = await domainErrorOf(core.uploadAttachment.execute({ orderId: order.id, filename: 'photo.png', content: stream('<html><script>fetch("/")</script>') }, admin));
    expect(html.code).toBe('UNSUPPORTED_FILE_TYPE');
    const big = await domainErrorOf(core.uploadAttachment.execute({ orderId: order.id, filename: 'big.txt', content: stream('a'.repeat(60), 'b'.repeat(60)) }, admin));
    expect(big).toMatchObject({ code: 'FILE_TOO_LARGE', details: { max_bytes: 100 } });
    async function* cut(): AsyncIterable<Uint8Array> {
      yield PNG;
      throw new Error('client went away');
    }
    await expect(core.uploadAttachment.execute({ orderId: order.id, filename: 'cut.png', content: cut() }, admin)).rejects.toThrow('client went away');
    expect((await domainErrorOf(core.uploadAttachment.execute({ orderId: 'order_none', filename: 'a.txt', content: stream('hi') }, admin))).code).toBe('NOT_FOUND');
    // Refusing a file stops the client's stream: the source is told to finish, not left paused.
    // The first chunk is larger than the sniffed head, so the source is still open when the refusal comes.
    for (const [name, parts] of [['page.png', [`<html>${'x'.repeat(9_000)}`, 'more']], ['big.txt', ['a'.repeat(9_000), 'b']]] as const) {
      let stopped = false;
      async function* source(): AsyncIterable<Uint8Array> {
        try {
          for (const part of parts) yield encoder.encode(part);
        } finally {
          stopped = true;
        }
      }
      await expect(core.uploadAttachment.execute({ orderId: order.id, filename: name, content: source() }, admin)).rejects.toMatchObject({ code: expect.any(String) });
      expect(stopped).toBe(true);
    }
    expect(files.size).toBe(0);
    expect(await core.listAttachments.execute({ orderId: order.id }, reader)).toEqual([]);
  });

  it('updates and deletes, removing the bytes; another order’s attachment is not found', async () => {
    const { core, order, files } = await setup();
    const other = (await core.placeOrder.execute({ customerId: 'c2', items: [{ productId: order.lines[0]!.productId, quantity: 1 }], shippingAddress: address }, admin)).order;
    const attachment = await core.uploadAttachment.execute({ orderId: order.id, filename: 'list.csv', content: stream('sku,qty\nTEE,1\n') }, admin);
    expect(attachment.contentType).toBe('text/csv');
    const updated = await core.updateAttachment.execute({ orderId: order.id, attachmentId: attachment.id, expectedVersion: 1, changes: { kind: 'receipt', filename: 'a/b\u0007.csv' } }, admin);
    expect(updated).toMatchObject({ kind: 'receipt', filename: 'b.csv', version: 2 });
    expect((await domainErrorOf(core.updateAttachment.execute({ orderId: order.id, attachmentId: attachment.id, expectedVersion: 1, changes: { kind: 'photo' } }, admin))).code).toBe('PRECONDITION_FAILED');
    expect((await domainErrorOf(core.getAttachment.execute({ orderId: other.id, attachmentId: attachment.id }, reader))).code).toBe('NOT_FOUND');
    expect((await domainErrorOf(core.deleteAttachment.execute({ orderId: other.id, attachmentId: attachment.id }, admin))).code).toBe('NOT_FOUND');
    await core.deleteAttachment.execute({ orderId: order.id, attachmentId: attachment.id }, admin);
    expect(files.size).toBe(0);
    expect((await domainErrorOf(core.getAttachment.execute({ orderId: order.id, attachmentId: attachment.id }, reader))).code).toBe('NOT_FOUND');
    const types = (await core.getOrderTimeline.execute({ orderId: order.id }, reader)).items.map((e) => e.type);
    expect(types.slice(-3)).toEqual(['attachment_added', 'attachment_updated', 'attachment_removed']);
  });
});
