import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PinError } from '@pin/contracts';

export interface ProgrammeRow {
  id: string;
  nature: 'territorial' | 'national';
  titre: string;
  description: string;
  validite_mois: number | null;
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
}

export const programmeNotFound = () => new PinError('PROGRAMME.NOT_FOUND', 'Programme de label introuvable.');

/** Programmes, their levels and criteria (seeded by migration). */
@Injectable()
export class ProgrammeRepository {
  async list(m: EntityManager): Promise<ProgrammeRow[]> {
    return (await m.query(`SELECT id, nature, titre, description, validite_mois FROM programme ORDER BY nature DESC, id`)) as ProgrammeRow[];
  }

  async get(m: EntityManager, id: string): Promise<ProgrammeRow> {
    const [p] = (await m.query(`SELECT id, nature, titre, description, validite_mois FROM programme WHERE id = $1`, [id])) as ProgrammeRow[];
    if (!p) throw programmeNotFound();
    return p;
  }

  async niveaux(m: EntityManager, programmeId: string): Promise<NiveauRow[]> {
    return (await m.query(`SELECT id, rang, titre FROM programme_niveau WHERE programme_id = $1 ORDER BY rang`, [programmeId])) as NiveauRow[];
  }

  async criteres(m: EntityManager, programmeId: string): Promise<CritereRow[]> {
    return (await m.query(`SELECT id, rang, titre, description, obligatoire_des_rang, verification FROM critere WHERE programme_id = $1 ORDER BY rang`, [programmeId])) as CritereRow[];
  }

  async full(m: EntityManager, id: string) {
    const p = await this.get(m, id);
    const niveaux = await this.niveaux(m, id);
    const criteres = await this.criteres(m, id);
    return {
      id: p.id,
      nature: p.nature,
      titre: p.titre,
      description: p.description,
      validiteMois: p.validite_mois,
      niveaux: niveaux.map((n) => ({ id: n.id, rang: n.rang, titre: n.titre })),
      criteres: criteres.map((c) => ({
        id: c.id,
        titre: c.titre,
        description: c.description,
        obligatoireDes: c.obligatoire_des_rang === null ? null : (niveaux.find((n) => n.rang === c.obligatoire_des_rang)?.id ?? null),
        verification: c.verification,
      })),
    };
  }
}
