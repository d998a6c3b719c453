import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TrainingLevel, TrainingModality, TrainingModule, TrainingPath } from '@pin/contracts';

export interface ModuleRow {
  id: string;
  niveau: TrainingLevel;
  rang: number;
  titre: string;
  objectifs: string[];
  duree_minutes: number;
  modalite: TrainingModality;
}

export interface PathRow {
  id: string;
  titre: string;
  niveau: TrainingLevel;
  description: string;
  requis_habilitation: boolean;
  /** Module ids in order. */
  modules: string[];
}

const NIVEAU_ORDER = `array_position(ARRAY['aidant', 'mediateur', 'decideur'], niveau)`;

/** SQL of the référentiel (modules and paths, seeded by migration). */
@Injectable()
export class CatalogueRepository {
  async modules(m: EntityManager): Promise<ModuleRow[]> {
    return (await m.query(`SELECT * FROM training_module ORDER BY ${NIVEAU_ORDER}, rang`)) as ModuleRow[];
  }

  async module(m: EntityManager, id: string): Promise<ModuleRow | undefined> {
    return ((await m.query(`SELECT * FROM training_module WHERE id = $1`, [id])) as ModuleRow[])[0];
  }

  async paths(m: EntityManager, id?: string): Promise<PathRow[]> {
    return (await m.query(
      `SELECT p.*, coalesce(array_agg(pm.module_id ORDER BY pm.rang) FILTER (WHERE pm.module_id IS NOT NULL), '{}') AS modules
         FROM training_path p LEFT JOIN training_path_module pm ON pm.path_id = p.id
        WHERE $1::text IS NULL OR p.id = $1
        GROUP BY p.id ORDER BY ${NIVEAU_ORDER}, p.id`,
      [id ?? null],
    )) as PathRow[];
  }
}

export function presentModule(r: ModuleRow): TrainingModule {
  return { id: r.id, niveau: r.niveau, titre: r.titre, objectifs: r.objectifs, dureeMinutes: r.duree_minutes, modalite: r.modalite };
}

export function presentPath(p: PathRow, modules: Map<string, ModuleRow>): TrainingPath {
  const items = p.modules.map((id) => modules.get(id)).filter((x): x is ModuleRow => !!x);
  return {
    id: p.id,
    titre: p.titre,
    niveau: p.niveau,
    description: p.description,
    requisHabilitation: p.requis_habilitation,
    dureeMinutes: items.reduce((n, x) => n + x.duree_minutes, 0),
    modules: items.map(presentModule),
  };
}
