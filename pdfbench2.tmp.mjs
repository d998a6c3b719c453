import { PDFDocument, PDFName, PDFStream, CharCodes } from 'pdf-lib';
import { randomBytes } from 'node:crypto';
const doc0 = await PDFDocument.create(); doc0.addPage(); await doc0.attach(randomBytes(16*1024*1024), 'd.bin', { mimeType: 'application/octet-stream' });
const file = Buffer.from(await doc0.save());
const orig = PDFStream.prototype.copyBytesInto;
if (process.env.PATCH) PDFStream.prototype.copyBytesInto = function (buffer, offset) {
  this.updateDict();
  const initial = offset;
  offset += this.dict.copyBytesInto(buffer, offset);
  const head = Buffer.from('\nstream\n', 'latin1'); buffer.set(head, offset); offset += head.length;
  const contents = this.getContents(); buffer.set(contents, offset); offset += contents.length;
  const tail = Buffer.from('\nendstream', 'latin1'); buffer.set(tail, offset); offset += tail.length;
  return offset - initial;
};
for (let i = 0; i < 4; i++) {
  let t = performance.now();
  const doc = await PDFDocument.load(file, { updateMetadata: false });
  const tl = performance.now() - t; t = performance.now();
  doc.catalog.delete(PDFName.of('Metadata'));
  const out = await doc.save({ updateFieldAppearances: false });
  const ts = performance.now() - t; t = performance.now();
  const b = Buffer.from(out.buffer, out.byteOffset, out.length);
  console.log({ load: tl.toFixed(1), save: ts.toFixed(1), copy: (performance.now() - t).toFixed(1), rss: (process.memoryUsage().rss/1e6).toFixed(0) });
}
