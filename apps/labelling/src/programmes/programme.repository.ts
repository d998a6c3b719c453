import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PinError, type ProgrammeView } from '@pin/contracts';

export interface ProgrammeRow {
  id: string;
  nature: 'territorial' | 'national';
  titre: string;
  description: string;
  validite_mois: number | null;
  version: number;
}
export interface NiveauRow {
  id: string;
  rang: number;
  titre: string;
}
export interface CritereRow {
  id: string;
  rang: number;
  titre: string;
  description: string;
  obligatoire_des_rang: number | null;
  verification: 'aidant-forme' | null;
  demarche: string | null;
}
interface CritereFullRow extends CritereRow {
  retire_le: Date | null;
}

export const programmeNotFound = () => new PinError('PROGRAMME.NOT_FOUND', 'Programme de label introuvable.');

const PROGRAMME_COLUMNS = 'id, nature, titre, description, validite_mois, version';

/**
 * Programmes, their levels and criteria. The current rules live in `programme_niveau` and
 * `critere`; each version's rules are snapshotted in `programme_version`, which dossiers read
 * (a dossier keeps the version it was opened on).
 */
@Injectable()
export class ProgrammeRepository {
  async list(m: EntityManager): Promise<ProgrammeRow[]> {
    return (await m.query(`SELECT ${PROGRAMME_COLUMNS} FROM programme ORDER BY nature DESC, id`)) as ProgrammeRow[];
  }

  async get(m: EntityManager, id: string, lock = false): Promise<ProgrammeRow> {
    const [p] = (await m.query(`SELECT ${PROGRAMME_COLUMNS} FROM programme WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as ProgrammeRow[];
    if (!p) throw programmeNotFound();
    return p;
  }

  /** The levels of a programme: at `version` when given (a dossier's), else the current ones. */
  async niveaux(m: EntityManager, programmeId: string, version?: number): Promise<NiveauRow[]> {
    if (version !== undefined) {
      const snap = await this.snapshot(m, programmeId, version);
      if (snap) return [...snap.niveaux].sort((a, b) => a.rang - b.rang);
    }
    return (await m.query(`SELECT id, rang, titre FROM programme_niveau WHERE programme_id = $1 ORDER BY rang`, [programmeId])) as NiveauRow[];
  }

  /** The criteria in force: at `version` when given (a dossier's), else the current non-retired ones. */
  async criteres(m: EntityManager, programmeId: string, version?: number): Promise<CritereRow[]> {
    if (version !== undefined) {
      const snap = await this.snapshot(m, programmeId, version);
      if (snap) return [...snap.criteres].sort((a, b) => a.rang - b.rang);
    }
    return (await m.query(
      `SELECT id, rang, titre, description, obligatoire_des_rang, verification, demarche FROM critere WHERE programme_id = $1 AND retire_le IS NULL ORDER BY rang`,
      [programmeId],
    )) as CritereRow[];
  }

  /** The validity in months at `version` (the current one when that version has no snapshot). */
  async validiteMois(m: EntityManager, programmeId: string, version: number): Promise<number | null> {
    const [s] = (await m.query(`SELECT validite_mois FROM programme_version WHERE programme_id = $1 AND version = $2`, [programmeId, version])) as Array<{ validite_mois: number | null }>;
    return s ? s.validite_mois : (await this.get(m, programmeId)).validite_mois;
  }

  /** Every criterion, retired ones included (the editor shows them). */
  async allCriteres(m: EntityManager, programmeId: string): Promise<CritereFullRow[]> {
    return (await m.query(
      `SELECT id, rang, titre, description, obligatoire_des_rang, verification, demarche, retire_le FROM critere WHERE programme_id = $1 ORDER BY retire_le IS NOT NULL, rang`,
      [programmeId],
    )) as CritereFullRow[];
  }

  private async snapshot(m: EntityManager, programmeId: string, version: number): Promise<{ niveaux: NiveauRow[]; criteres: CritereRow[] } | null> {
    const [s] = (await m.query(`SELECT niveaux, criteres FROM programme_version WHERE programme_id = $1 AND version = $2`, [programmeId, version])) as Array<{
      niveaux: NiveauRow[];
      criteres: CritereRow[];
    }>;
    return s ?? null;
  }

  /** Stores the current rules as the programme's version `version`. */
  async saveSnapshot(m: EntityManager, programmeId: string, version: number, actorSub: string | null): Promise<void> {
    const p = await this.get(m, programmeId);
    const niveaux = await this.niveaux(m, programmeId);
    const criteres = await this.criteres(m, programmeId);
    await m.query(`INSERT INTO programme_version (programme_id, version, validite_mois, niveaux, criteres, cree_par) VALUES ($1, $2, $3, $4, $5, $6)`, [
      programmeId, version, p.validite_mois, JSON.stringify(niveaux), JSON.stringify(criteres), actorSub,
    ]);
  }

  async full(m: EntityManager, id: string): Promise<ProgrammeView> {
    const p = await this.get(m, id);
    const niveaux = await this.niveaux(m, id);
    const criteres = await this.allCriteres(m, id);
    return {
      id: p.id,
      nature: p.nature,
      titre: p.titre,
      description: p.description,
      validiteMois: p.validite_mois,
      version: p.version,
      niveaux: niveaux.map((n) => ({ id: n.id, rang: n.rang, titre: n.titre })),
      criteres: criteres.map((c) => ({
        id: c.id,
        titre: c.titre,
        description: c.description,
        obligatoireDes: c.obligatoire_des_rang === null ? null : (niveaux.find((n) => n.rang === c.obligatoire_des_rang)?.id ?? null),
        verification: c.verification,
        demarche: c.demarche,
        retire: c.retire_le !== null,
      })),
    };
  }
}
