import { Readable } from 'node:stream';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { sanitize } from './sanitize';

const drain = async (s: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

describe('sanitize (magic bytes, limit, metadata stripped)', () => {
  it('clears a PDF’s information dictionary and keeps its pages', async () => {
    const d = await PDFDocument.create();
    d.setTitle('Titre secret');
    d.setAuthor('Jeanne Martin');
    d.addPage().drawText('bonjour');
    const s = await sanitize(Readable.from([Buffer.from(await d.save())]));
    expect(s.mime).toBe('application/pdf');
    const out = await PDFDocument.load(await drain(s.body), { updateMetadata: false });
    expect(out.getTitle()).toBeUndefined();
    expect(out.getAuthor()).toBeUndefined();
    expect(out.getPageCount()).toBe(1);
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
