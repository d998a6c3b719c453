import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { PDFDocument, PDFObject, PDFRef } from 'pdf-lib';
import type Sharp from 'sharp';
import { PinError, SAFE_MAX_FILE_BYTES } from '@pin/contracts';

// pdf-lib, sharp (libvips) and file-type weigh some 30 MB of resident memory once loaded: they are
// loaded on the first deposit that needs them, not at start (an idle safe stays smaller).
let pdfLib: Promise<typeof import('pdf-lib')> | undefined;
let sharpLib: Promise<typeof Sharp> | undefined;
let fileType: Promise<typeof import('file-type/node')> | undefined;
const loadPdfLib = () => (pdfLib ??= import('pdf-lib'));
const loadSharp = () => (sharpLib ??= import('sharp').then((m) => m.default));
const loadFileType = () => (fileType ??= import('file-type/node'));

export const tooLarge = () => new PinError('DOCUMENT.TOO_LARGE', 'Fichier trop volumineux : 20 Mo au plus.');
const unsupported = () => new PinError('DOCUMENT.UNSUPPORTED_TYPE', 'Type de fichier non accepté : PDF, JPEG, PNG ou photo HEIC seulement.');

/** The errors sharp emitted while reading or re-encoding a deposited image. */
const IMAGE_ERRORS = new WeakSet<object>();

/** Fails the stream as soon as more than `max` bytes went through (never buffers). */
export function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      seen += chunk.length;
      if (seen > max) cb(tooLarge());
      else cb(null, chunk);
    },
  });
}

export interface Sanitized {
  /** The type of what is stored (a HEIC photo is stored as JPEG). */
  mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  extension: 'pdf' | 'jpg' | 'png';
  body: Readable;
  /**
   * Gives back what the rewriting holds (a PDF's slot, its buffer zeroed): call it once whatever
   * reads `body` is done with its chunks — not when `body` ends: the large ones are views of the
   * slot's buffer, and the stages it is piped into may still hold them. Idempotent; nothing to give
   * back for images.
   */
  release(): void;
}

/**
 * Every PDF is rewritten by pdf-lib to clear its metadata (see `cleanPdf`); the rewriting holds the
 * document and its re-serialization in memory. PDFs up to this size are rewritten
 * PDF_REWRITES_AT_ONCE at a time; larger ones (up to the 20 MB deposit limit) one at a time on a
 * slot of their own. A deposit waiting for its turn is not read (TCP holds its bytes back), so the
 * safe's memory stays bounded whatever the number of uploads.
 */
export const PDF_REWRITE_MAX_BYTES = 4 * 1024 * 1024;
const PDF_REWRITES_AT_ONCE = 2;
/** A slot's buffer unused this long is freed (an idle safe gives its memory back). */
const SLOT_BUFFER_IDLE_MS = 60_000;

/**
 * Rewrite slots, each with a buffer kept from one document to the next: a PDF is gathered into its
 * slot's buffer as it arrives instead of into a new buffer of its size (a fresh 16 MB buffer costs
 * ≈ 47 ms of page faults, and once garbage it waited for a mark-compact: most of the safe's peak
 * memory). A slot is held until the rewritten document has been read — its large streams are views
 * of the buffer — and its buffer is zeroed before the next document.
 */
class RewriteSlots {
  private waiting: (() => void)[] = [];
  private buffers: Buffer[] = [];
  private trim?: NodeJS.Timeout;
  constructor(
    private free: number,
    private readonly bytes: number,
  ) {}

  async take(): Promise<RewriteSlot> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((ok) => this.waiting.push(ok));
    clearTimeout(this.trim);
    return new RewriteSlot(this.buffers.pop() ?? Buffer.allocUnsafeSlow(this.bytes), (buffer, used) => this.giveBack(buffer, used));
  }

  private giveBack(buffer: Buffer, used: number): void {
    buffer.fill(0, 0, used);
    this.buffers.push(buffer);
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
    clearTimeout(this.trim);
    this.trim = setTimeout(() => (this.buffers = []), SLOT_BUFFER_IDLE_MS).unref();
  }
}

class RewriteSlot {
  private size = 0;
  private given = false;
  constructor(
    private readonly buffer: Buffer,
    private readonly giveBack: (buffer: Buffer, used: number) => void,
  ) {}

  /** Copies a chunk in; false when it does not fit (nothing copied). */
  append(chunk: Buffer): boolean {
    if (this.size + chunk.length > this.buffer.length) return false;
    chunk.copy(this.buffer, this.size);
    this.size += chunk.length;
    return true;
  }

  /** What was gathered: a view of the slot's buffer, valid until `release`. */
  get bytes(): Buffer {
    return this.buffer.subarray(0, this.size);
  }

  release(): void {
    if (this.given) return;
    this.given = true;
    this.giveBack(this.buffer, this.size);
  }
}

const rewriting = new RewriteSlots(PDF_REWRITES_AT_ONCE, PDF_REWRITE_MAX_BYTES);
const rewritingLarge = new RewriteSlots(1, SAFE_MAX_FILE_BYTES);

/**
 * The PDF rewritten without its metadata (pdf-lib needs the whole document: no maintained library
 * rewrites the information dictionary — possibly inside a compressed object stream — and XMP while
 * streaming). Small ones take a shared slot; a large one gives it back and waits for the large slot.
 * The slot is given back by `release` (see `Sanitized.release`).
 */
async function pdfBody(typed: Readable): Promise<{ body: Readable; release: () => void }> {
  let slot = await rewriting.take();
  try {
    const it = typed[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let r = await it.next();
    while (!r.done && slot.append(r.value)) r = await it.next();
    if (!r.done) {
      // Larger than a shared slot: its head is copied out, the shared slot goes to the next deposit.
      const head = Buffer.from(slot.bytes);
      slot.release();
      slot = await rewritingLarge.take();
      slot.append(head);
      // `sanitize` limits the deposit to at most SAFE_MAX_FILE_BYTES, the large slot's size.
      for (; !r.done; r = await it.next()) if (!slot.append(r.value)) throw tooLarge();
    }
    const body = Readable.from(await cleanPdf(slot.bytes));
    const held = slot;
    return { body, release: () => held.release() };
  } catch (err) {
    slot.release();
    throw err;
  }
}

/**
 * PDF: document information dictionary and XMP metadata removed (pdf-lib; the document is read
 * whole, see `pdfBody`), in chunks: what pdf-lib's `save()` would write (see `serializePdf`), the
 * contents of the document's streams being views of `bytes`, never copied.
 */
async function cleanPdf(bytes: Buffer): Promise<Buffer[]> {
  const { PDFDocument, PDFName, PDFStream } = await loadPdfLib();
  const unreadable = (encrypted: boolean) =>
    new PinError('DOCUMENT.UNREADABLE', encrypted ? 'PDF protégé par un mot de passe : enregistrez-le sans protection puis recommencez.' : 'Ce PDF est illisible.');
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (err) {
    throw unreadable(/encrypt/i.test((err as Error).message));
  }
  // pdf-lib parses leniently: bytes that only start like a PDF load as a document without a
  // catalog, pages or trailer, and fail below — still an unreadable PDF, not a server error.
  try {
    const metadata = PDFName.of('Metadata');
    doc.catalog.delete(metadata);
    for (const page of doc.getPages()) page.node.delete(metadata);
    const info = doc.context.trailerInfo.Info as PDFRef | undefined;
    if (info) doc.context.delete(info);
    doc.context.trailerInfo.Info = undefined;
    // pdf-lib writes every object of the document, referenced or not: the XMP streams themselves go
    // (the document's, a page's, an image's or a font's), a reference left to one reads as null.
    for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
      if (object instanceof PDFStream && object.dict.get(PDFName.of('Type')) === metadata) doc.context.delete(ref);
    }
    return await serializePdf(doc);
  } catch (err) {
    if (err instanceof PinError) throw err;
    throw unreadable(false);
  }
}

/** Serializable pieces of a PDF (pdf-lib's `SerializationInfo`, not exported by the package). */
interface Serializable {
  sizeInBytes(): number;
  copyBytesInto(buffer: Uint8Array, offset: number): number;
}
interface SerializationInfo {
  size: number;
  header: Serializable;
  indirectObjects: [PDFRef, PDFObject][];
  xref?: Serializable;
  trailerDict?: Serializable;
  trailer: Serializable;
}

/** Chunks of about this size: the small objects are gathered, a large stream's contents stay one view. */
const CHUNK_BYTES = 64 * 1024;

/**
 * What `doc.save({ updateFieldAppearances: false })` returns (object streams, a default page when
 * there is none), byte for byte — the objects, the cross-reference stream and every offset are
 * pdf-lib's own (`PDFStreamWriter`, its `computeBufferSize`) — but in chunks: `save()` copies the
 * whole document byte by byte into one new buffer (a 16 MB PDF: 16 MB more, ≈ 100 ms), here a
 * stream's contents are passed as they are (for a parsed document, views of the deposit's bytes).
 * Only the loop of `PDFWriter.serializeToBuffer` is repeated; `sanitize.spec.ts` compares both.
 */
export async function serializePdf(doc: PDFDocument): Promise<Buffer[]> {
  const { PDFStream, PDFStreamWriter } = await loadPdfLib();
  if (doc.getPageCount() === 0) doc.addPage();
  await doc.flush();
  const writer = PDFStreamWriter.forContext(doc.context, Number.POSITIVE_INFINITY) as unknown as { computeBufferSize(): Promise<SerializationInfo> };
  const { size, header, indirectObjects, xref, trailerDict, trailer } = await writer.computeBufferSize();
  const out: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const flush = () => {
    if (pendingSize > 0) out.push(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingSize));
    pending = [];
    pendingSize = 0;
  };
  const add = (b: Buffer) => {
    pending.push(b);
    pendingSize += b.length;
    if (pendingSize >= CHUNK_BYTES) flush();
  };
  const text = (t: string) => add(Buffer.from(t, 'latin1'));
  const object = (o: Serializable) => {
    const b = Buffer.allocUnsafe(o.sizeInBytes());
    o.copyBytesInto(b, 0);
    add(b);
  };
  object(header);
  text('\n\n');
  for (const [ref, value] of indirectObjects) {
    text(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    if (value instanceof PDFStream && value.getContentsSize() >= CHUNK_BYTES) {
      // PDFStream.copyBytesInto: the dictionary, `stream`, the contents, `endstream`.
      value.updateDict();
      object(value.dict);
      text('\nstream\n');
      flush();
      const contents = value.getContents();
      out.push(Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength));
      text('\nendstream');
    } else {
      object(value);
    }
    text('\nendobj\n\n');
  }
  if (xref) {
    object(xref);
    text('\n');
  }
  if (trailerDict) {
    object(trailerDict);
    text('\n\n');
  }
  object(trailer);
  flush();
  const total = out.reduce((n, b) => n + b.length, 0);
  if (total !== size) throw new Error(`PDF serialization: ${total} bytes written, ${size} computed`);
  return out;
}

/**
 * Types the upload from its magic bytes (`file-type`; the name and the declared type are ignored),
 * limits it to 20 MB, and strips what identifies beyond the document itself: EXIF (GPS, camera,
 * date) of photos, re-encoded by sharp after applying their orientation, streaming; the metadata
 * of PDFs (`pdfBody`). `max` is at most SAFE_MAX_FILE_BYTES (the large rewrite slot's size).
 */
export async function sanitize(input: Readable, max = SAFE_MAX_FILE_BYTES): Promise<Sanitized> {
  const limited = input.pipe(byteLimit(max));
  input.once('error', (err) => limited.destroy(err));
  const { fileTypeStream } = await loadFileType();
  const typed = await fileTypeStream(limited, { sampleSize: 4100 });
  const mime = typed.fileType?.mime;
  const fail = (err: unknown) => {
    typed.resume();
    throw err;
  };
  switch (mime) {
    case 'application/pdf': {
      const { body, release } = await pdfBody(typed);
      return { mime, extension: 'pdf', body, release };
    }
    case 'image/jpeg':
    case 'image/png':
    case 'image/heic':
    case 'image/heif': {
      const png = mime === 'image/png';
      const sharp = await loadSharp();
      const image = sharp({ failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
      const out = png ? image.png() : image.jpeg({ quality: 92 });
      // What sharp (libvips) fails with is about the image the usager sent: see imageError.
      out.once('error', (err) => IMAGE_ERRORS.add(err));
      typed.once('error', (err) => out.destroy(err));
      typed.pipe(out);
      return { mime: png ? 'image/png' : 'image/jpeg', extension: png ? 'png' : 'jpg', body: out, release: () => undefined };
    }
    case undefined:
    default:
      return fail(unsupported());
  }
}

/**
 * An error of the image stage becomes a 4xx: a HEIC codec sharp lacks is a 415, an image above
 * the pixel limit a 413, anything else libvips could not read (a corrupt header, a truncated or
 * altered file, however it words it) a 422 — never a 500. Errors not tagged at their source are
 * recognised by their wording, as before.
 */
export function imageError(err: unknown): PinError | undefined {
  if (err instanceof PinError) return err;
  const message = String((err as Error)?.message ?? '');
  if (/heif|heic|compression format|codec/i.test(message)) return new PinError('DOCUMENT.UNSUPPORTED_TYPE', 'Cette photo HEIC ne peut pas être lue ici : enregistrez-la en JPEG puis recommencez.');
  if (/pixel limit/i.test(message)) return new PinError('DOCUMENT.TOO_LARGE', 'Image trop grande : 100 millions de pixels au plus.');
  const tagged = typeof err === 'object' && err !== null && IMAGE_ERRORS.has(err);
  if (tagged || /Input|unsupported image|corrupt|premature|VipsJpeg|pngload|vipspng|bad/i.test(message)) return new PinError('DOCUMENT.UNREADABLE', 'Cette image est illisible.');
  return undefined;
}
