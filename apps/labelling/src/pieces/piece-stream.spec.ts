import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pieceName, typedPiece } from './piece-stream';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5_000, 0x20)]);
const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

describe('pieceName', () => {
  it('keeps the last path segment, drops control and bidi characters, never empty', () => {
    expect(pieceName('C:\\Users\\x\\Relevé.pdf')).toBe('Relevé.pdf');
    expect(pieceName('../../a\u0000b\u202Ec.pdf')).toBe('abc.pdf');
    expect(pieceName('..')).toBe('piece');
    expect(pieceName(undefined)).toBe('piece');
    expect(pieceName('x'.repeat(500))).toHaveLength(200);
  });
});

describe('typedPiece', () => {
  it('types from the bytes, counts and hashes what goes through', async () => {
    const p = await typedPiece(Readable.from([PNG]));
    expect(p.type).toBe('image/png');
    await pipeline(p.body, sink());
    expect(p.summary()).toEqual({ taille: PNG.length, sha256: createHash('sha256').update(PNG).digest('hex') });
  });

  it('refuses an executable whatever its name, and what is not a known type', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(400, 0x90)]);
    await expect(typedPiece(Readable.from([exe]))).rejects.toMatchObject({ code: 'DOSSIER.PIECE_UNSUPPORTED_TYPE' });
    await expect(typedPiece(Readable.from([Buffer.from('juste du texte')]))).rejects.toMatchObject({ code: 'DOSSIER.PIECE_UNSUPPORTED_TYPE' });
  });

  it('fails past the size limit', async () => {
    const p = await typedPiece(Readable.from([PDF]), 4_000);
    expect(p.type).toBe('application/pdf');
    await expect(pipeline(p.body, sink())).rejects.toMatchObject({ code: 'DOSSIER.PIECE_TOO_LARGE' });
  });
});
