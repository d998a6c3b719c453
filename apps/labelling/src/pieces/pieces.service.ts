import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DOSSIER_PIECES_PER_CRITERION, dossierPieceParamsSchema, dossierPieceUploadParamsSchema, parsePayload, PinError, POLICIES,
  type DossierPieceView, type DossierStatut, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { OBJECT_STORAGE, type ObjectStorage } from '@pin/persistence/storage';
import { transition } from '../dossiers/dossier-rules';
import { Journal } from '../journal/journal';
import { ProgrammeRepository } from '../programmes/programme.repository';
import { pieceName, typedPiece } from './piece-stream';
import { presentPiece, type PieceRow } from './piece-rows';

interface DossierHead {
  id: string;
  structure_id: string;
  statut: DossierStatut;
  programme_id: string;
  programme_version: number;
}

const pieceNotFound = () => new PinError('DOSSIER.PIECE_NOT_FOUND', 'Pièce introuvable.');

/**
 * Pieces of a dossier's criterion answers. The referent adds and removes them while the dossier is
 * editable (brouillon, modifications demandées); whoever may read the dossier (its structure, the
 * network) downloads them. An object is stored before its row is written: a crash in between leaves
 * an orphan object that nothing points to (harmless, never listed nor served), never a row without
 * bytes. Each addition and removal is journaled in the dossier's hash-chained journal.
 */
@Injectable()
export class PiecesService {
  private readonly logger = new Logger('PiecesService');

  constructor(
    private readonly outbox: Outbox,
    private readonly journal: Journal,
    private readonly programmes: ProgrammeRepository,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  async upload(user: UserContext | undefined, params: { id: string; critereId: string }, fileName: unknown, input: Readable): Promise<DossierPieceView> {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const { id: dossierId, critereId } = parsePayload(dossierPieceUploadParamsSchema, params);
    const nom = pieceName(fileName);
    // Checked before reading any byte, and again under the dossier's lock when the row is written.
    await this.outbox.run((m) => this.editable(m, u, dossierId, critereId, false));
    const piece = await typedPiece(input);
    const id = randomUUID();
    const cle = `piece-${id}`;
    await this.storage.put(cle, piece.body);
    const { taille, sha256 } = piece.summary();
    try {
      return await this.outbox.run(async (m) => {
        const d = await this.editable(m, u, dossierId, critereId, true);
        const [row] = (await m.query(
          `INSERT INTO dossier_piece (id, dossier_id, critere_id, cle, nom, type, taille, sha256, depose_par) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [id, dossierId, critereId, cle, nom, piece.type, taille, sha256, u.sub],
        )) as PieceRow[];
        await this.journal.append(m, [{ action: 'dossier.piece_ajoutee', subjectId: dossierId, structureId: d.structure_id, actorSub: u.sub, data: { pieceId: id, critereId, type: piece.type, taille, sha256 } }]);
        return presentPiece(row);
      });
    } catch (err) {
      await this.storage.delete(cle).catch(() => undefined);
      throw err;
    }
  }

  async remove(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const { id: dossierId, pieceId } = parsePayload(dossierPieceParamsSchema, rpc.params);
    const cle = await this.outbox.run(async (m) => {
      const d = await this.dossier(m, u, dossierId, true);
      transition(d.statut, 'repondre');
      const [p] = (await m.query(`SELECT cle, critere_id FROM dossier_piece WHERE id = $1 AND dossier_id = $2`, [pieceId, dossierId])) as Array<{ cle: string; critere_id: string }>;
      if (!p) throw pieceNotFound();
      await m.query(`DELETE FROM dossier_piece WHERE id = $1`, [pieceId]);
      await this.journal.append(m, [{ action: 'dossier.piece_retiree', subjectId: dossierId, structureId: d.structure_id, actorSub: u.sub, data: { pieceId, critereId: p.critere_id } }]);
      return p.cle;
    });
    // After the commit: a crash here leaves an orphan object, which nothing lists or serves.
    await this.storage.delete(cle).catch((err: Error) => this.logger.warn(`piece object ${cle} not deleted: ${err.message}`));
    return { id: pieceId, retiree: true };
  }

  /** The piece's metadata and bytes, for whoever may read the dossier. */
  async open(user: UserContext | undefined, params: { id: string; pieceId: string }): Promise<{ piece: PieceRow; body: Readable }> {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const { id: dossierId, pieceId } = parsePayload(dossierPieceParamsSchema, params);
    const piece = await this.outbox.run(async (m) => {
      await this.dossier(m, u, dossierId, false);
      const [p] = (await m.query(`SELECT * FROM dossier_piece WHERE id = $1 AND dossier_id = $2`, [pieceId, dossierId])) as PieceRow[];
      if (!p) throw pieceNotFound();
      return p;
    });
    return { piece, body: await this.storage.get(piece.cle) };
  }

  private async dossier(m: EntityManager, u: UserContext, id: string, lock: boolean): Promise<DossierHead> {
    const [d] = (await m.query(`SELECT id, structure_id, statut, programme_id, programme_version FROM dossier WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as DossierHead[];
    if (!d) throw new PinError('DOSSIER.NOT_FOUND', 'Dossier introuvable.');
    requireStructureScope(u, d.structure_id);
    return d;
  }

  /** The dossier, if the caller may add a piece to this criterion now. */
  private async editable(m: EntityManager, u: UserContext, dossierId: string, critereId: string, lock: boolean): Promise<DossierHead> {
    const d = await this.dossier(m, u, dossierId, lock);
    transition(d.statut, 'repondre');
    const criteres = await this.programmes.criteres(m, d.programme_id, d.programme_version);
    if (!criteres.some((c) => c.id === critereId)) throw new PinError('DOSSIER.UNKNOWN_CRITERION', `Critère inconnu : ${critereId}.`);
    const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM dossier_piece WHERE dossier_id = $1 AND critere_id = $2`, [dossierId, critereId])) as Array<{ n: number }>;
    if (n >= DOSSIER_PIECES_PER_CRITERION) throw new PinError('DOSSIER.PIECES_TOO_MANY', `${DOSSIER_PIECES_PER_CRITERION} pièces au plus par critère : retirez-en une avant d’en ajouter.`);
    return d;
  }
}
