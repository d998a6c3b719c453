import { Readable } from 'node:stream';
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import { imageError, PDF_REWRITE_MAX_BYTES, sanitize, serializePdf, type Sanitized } from './sanitize';

const drain = async (s: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
/** Reads a sanitized document whole, then gives back what its rewriting held (as the deposit does once stored). */
const take = async (s: Sanitized) => {
  const bytes = await drain(s.body);
  s.release();
  return bytes;
};

describe('sanitize (magic bytes, limit, metadata stripped)', () => {
  it('clears a PDF’s information dictionary and keeps its pages', async () => {
    const d = await PDFDocument.create();
    d.setTitle('Titre secret');
    d.setAuthor('Jeanne Martin');
    d.addPage().drawText('bonjour');
    const s = await sanitize(Readable.from([Buffer.from(await d.save())]));
    expect(s.mime).toBe('application/pdf');
    const out = await PDFDocument.load(await take(s), { updateMetadata: false });
    expect(out.getTitle()).toBeUndefined();
    expect(out.getAuthor()).toBeUndefined();
    expect(out.getPageCount()).toBe(1);
  });

  it('clears the metadata of a PDF above PDF_REWRITE_MAX_BYTES too (rewritten alone), received in chunks, and still enforces the limit', async () => {
    const d = await PDFDocument.create();
    d.setAuthor('Jeanne Martin');
    d.addPage();
    await d.attach(randomBytes(PDF_REWRITE_MAX_BYTES + 1000), 'donnees.bin', { mimeType: 'application/octet-stream' });
    const bytes = Buffer.from(await d.save());
    const chunked = () => Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536)));
    const s = await sanitize(chunked());
    expect(s.mime).toBe('application/pdf');
    const out = await PDFDocument.load(await take(s), { updateMetadata: false });
    expect(out.getAuthor()).toBeUndefined();
    expect(out.getPageCount()).toBe(1);
    await expect(sanitize(chunked(), bytes.length - 1).then(take)).rejects.toMatchObject({ code: 'DOCUMENT.TOO_LARGE' });
  });

  it('removes a PDF’s XMP metadata streams (the document’s, a page’s), not only their references', async () => {
    const xmp = (who: string) => `<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${who}</dc:creator></x:xmpmeta>`;
    const d = await PDFDocument.create();
    const page = d.addPage();
    d.catalog.set(PDFName.of('Metadata'), d.context.register(d.context.stream(xmp('Jeanne Martin'), { Type: 'Metadata', Subtype: 'XML' })));
    page.node.set(PDFName.of('Metadata'), d.context.register(d.context.stream(xmp('Paul Durand'), { Type: 'Metadata', Subtype: 'XML' })));
    const bytes = Buffer.from(await d.save({ useObjectStreams: false }));
    expect(bytes.includes('Jeanne Martin') && bytes.includes('Paul Durand')).toBe(true);
    const out = await take(await sanitize(Readable.from([bytes])));
    expect(out.includes('Jeanne Martin')).toBe(false);
    expect(out.includes('Paul Durand')).toBe(false);
    expect(out.includes('xmpmeta')).toBe(false);
    expect((await PDFDocument.load(out)).getPageCount()).toBe(1);
  });

  it('writes a PDF in chunks byte for byte as pdf-lib’s save() would, large streams passed as views of the deposit', async () => {
    const full = await PDFDocument.create();
    full.setTitle('Titre secret');
    full.addPage().drawText('bonjour');
    full.addPage();
    await full.attach(randomBytes(200_000), 'donnees.bin', { mimeType: 'application/octet-stream' });
    const noPage = await PDFDocument.create();
    const sources = [
      Buffer.from(await full.save()), // object streams and a cross-reference stream
      Buffer.from(await full.save({ useObjectStreams: false })), // a classic cross-reference table
      Buffer.from(await noPage.save({ addDefaultPage: false })), // save() adds a page
    ];
    for (const bytes of sources) {
      const cleared = async () => {
        const doc = await PDFDocument.load(bytes, { updateMetadata: false });
        doc.catalog.delete(PDFName.of('Metadata'));
        const info = doc.context.trailerInfo.Info as PDFRef | undefined;
        if (info) doc.context.delete(info);
        doc.context.trailerInfo.Info = undefined;
        return doc;
      };
      const chunks = await serializePdf(await cleared());
      const written = Buffer.concat(chunks);
      expect(written.equals(Buffer.from(await (await cleared()).save({ updateFieldAppearances: false })))).toBe(true);
      expect(written.includes('Titre secret')).toBe(false);
      // The attachment's 200 kB are not copied: one chunk shares the deposit's memory.
      if (bytes.length > 200_000) expect(chunks.some((c) => c.length >= 200_000 && c.buffer === bytes.buffer)).toBe(true);
    }
  });

  it('gathers large PDFs in the large slot’s buffer, reused from one to the next and zeroed once each is read', async () => {
    const make = async (title: string) => {
      const d = await PDFDocument.create();
      d.setTitle(title);
      d.addPage();
      await d.attach(randomBytes(PDF_REWRITE_MAX_BYTES + 500_000), 'donnees.bin', { mimeType: 'application/octet-stream' });
      return Buffer.from(await d.save());
    };
    const chunked = (bytes: Buffer) => Readable.from(Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536)));
    const read = async (bytes: Buffer) => {
      const s = await sanitize(chunked(bytes));
      const chunks: Buffer[] = [];
      for await (const c of s.body) chunks.push(c as Buffer);
      const whole = Buffer.concat(chunks);
      s.release();
      return { whole, chunks };
    };
    const [a, b] = [await make('Titre A'), await make('Titre B')];
    const first = await read(a);
    const firstCopy = Buffer.from(first.whole);
    // The attachment came out as a view of the slot's buffer: zeroed once the document was given back.
    const view = first.chunks.find((c) => c.length > PDF_REWRITE_MAX_BYTES)!;
    expect(view).toBeDefined();
    expect(view.every((byte) => byte === 0)).toBe(true);
    const second = await read(b);
    // Same buffer for the second document, whose bytes are its own; the first's copy is untouched.
    expect(second.chunks.find((c) => c.length > PDF_REWRITE_MAX_BYTES)!.buffer).toBe(view.buffer);
    expect(firstCopy.equals(first.whole)).toBe(true);
    for (const [out, source, title] of [[first.whole, a, 'Titre A'], [second.whole, b, 'Titre B']] as const) {
      const doc = await PDFDocument.load(out, { updateMetadata: false });
      expect(doc.getTitle()).toBeUndefined();
      expect(out.includes(title)).toBe(false);
      const attached = (await PDFDocument.load(source)).getPageCount();
      expect(doc.getPageCount()).toBe(attached);
    }
    // Bytes that only start like a PDF (pdf-lib loads them leniently, without a catalog): 422, not a 500.
    const fake = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5_000)]);
    await expect(sanitize(Readable.from([fake]))).rejects.toMatchObject({ code: 'DOCUMENT.UNREADABLE' });
    // An unreadable large PDF gives its slot back: the next deposit goes through.
    const broken = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(PDF_REWRITE_MAX_BYTES + 100_000)]);
    await expect(sanitize(chunked(broken))).rejects.toMatchObject({ code: 'DOCUMENT.UNREADABLE' });
    await expect(read(a).then((r) => r.whole.length)).resolves.toBe(first.whole.length);
  });

  it('rewrites at most two PDFs at a time: a third deposit is not read until one is done', async () => {
    const d = await PDFDocument.create();
    d.addPage();
    const pdf = Buffer.from(await d.save());
    const held = () => {
      // A PDF whose end never comes: its rewriting holds a slot.
      const s = new Readable({ read() {} });
      s.push(pdf.subarray(0, 4200));
      return s;
    };
    const a = held();
    const b = held();
    const first = [sanitize(a), sanitize(b)];
    await new Promise((ok) => setTimeout(ok, 50));
    let thirdRead = false;
    const third = new Readable({ read() {} });
    third.push(pdf);
    third.push(null);
    const done = sanitize(third).then(async (s) => {
      thirdRead = true;
      return take(s);
    });
    await new Promise((ok) => setTimeout(ok, 100));
    expect(thirdRead).toBe(false);
    a.push(pdf.subarray(4200));
    a.push(null);
    const rewritten = await first[0];
    expect(rewritten).toMatchObject({ mime: 'application/pdf' });
    // The slot is held until the rewritten document is given back (its large streams are views of it).
    await drain(rewritten.body);
    await new Promise((ok) => setTimeout(ok, 100));
    expect(thirdRead).toBe(false);
    rewritten.release();
    await expect(done).resolves.toBeInstanceOf(Buffer);
    expect(thirdRead).toBe(true);
    b.destroy(new Error('abandoned'));
    await expect(first[1]).rejects.toThrow();
  });

  it('re-encodes a JPEG without its EXIF (author, GPS)', async () => {
    const jpg = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'red' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'MARQUEUR-EXIF' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '43/1 53/1 0/1' } })
      .toBuffer();
    expect(jpg.toString('latin1')).toContain('MARQUEUR-EXIF');
    const s = await sanitize(Readable.from([jpg]));
    const out = await drain(s.body);
    expect(s.mime).toBe('image/jpeg');
    expect(out.toString('latin1')).not.toContain('MARQUEUR-EXIF');
    const meta = await sharp(out).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([40, 30]);
  });

  it('keeps PNG as PNG', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: 'blue' } }).png().toBuffer();
    const s = await sanitize(Readable.from([png]));
    expect(s.mime).toBe('image/png');
    expect((await sharp(await drain(s.body)).metadata()).format).toBe('png');
  });

  it('turns whatever sharp fails with on an altered image into a 4xx (imageError), whatever libvips calls it', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: 'red' } }).png().toBuffer();
    // Bytes 16-23 are the IHDR's width and height, 29-32 its CRC: libvips words each failure differently.
    const altered = [33, 40, 60, 70, png.length - 10].map((at) => {
      const b = Buffer.from(png);
      b[at]! ^= 0xff;
      return b;
    });
    let refused = 0;
    for (const bytes of altered) {
      // Refused by its type (file-type), by libvips while it streams, or read past by libvips.
      const err = await sanitize(Readable.from([bytes])).then((s) => drain(s.body)).then(() => undefined, (e: unknown) => e);
      if (err === undefined) continue;
      refused += 1;
      const status = imageError(err)?.status;
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
    expect(refused).toBeGreaterThan(0);
    expect(imageError(new Error('Input image exceeds pixel limit'))).toMatchObject({ status: 413 });
    expect(imageError(new Error('not from sharp'))).toBeUndefined();
  });

  it('refuses what its bytes say is not an accepted type (415), whatever its name', async () => {
    await expect(sanitize(Readable.from([Buffer.from('<html>pas un PDF</html>')]))).rejects.toMatchObject({ code: 'DOCUMENT.UNSUPPORTED_TYPE', status: 415 });
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64');
    await expect(sanitize(Readable.from([gif]))).rejects.toMatchObject({ code: 'DOCUMENT.UNSUPPORTED_TYPE' });
  });

  it('stops at the size limit (413) without reading the rest', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000)]);
    await expect(sanitize(Readable.from([big]), 1000)).rejects.toMatchObject({ code: 'DOCUMENT.TOO_LARGE', status: 413 });
  });
});
