import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Demarche, EspaceActivite, EspaceMandatEcheance } from '@pin/contracts';
import { LATEST_HABILITATION } from '../members/member.repository';
import { usagerDisplayName, type LatestHabilitation } from './workspace.present';

/** Journal actions that mean "this person worked with this usager". */
const ACTIVITY_ACTIONS = ['usager.cree', 'usager.consulte', 'usager.modifie', 'mandat.cree', 'mandat.renouvele', 'mandat.revoque', 'autorisation.revoquee', 'usager.code_emis'];

const count = async (m: EntityManager, sql: string, params: unknown[]): Promise<number> => Number(((await m.query(sql, params)) as Array<{ n: number }>)[0]?.n ?? 0);

/** Read-only SQL of the working-space summary; every method runs in the caller's transaction. */
@Injectable()
export class WorkspaceRepository {
  async structureNames(m: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = (await m.query(`SELECT id, nom FROM known_structure WHERE id = ANY($1::uuid[])`, [ids])) as Array<{ id: string; nom: string }>;
    return new Map(rows.map((r) => [r.id, r.nom]));
  }

  async latestHabilitation(m: EntityManager, structureId: string, sub: string, username: string): Promise<LatestHabilitation | undefined> {
    return ((await m.query(LATEST_HABILITATION('$1', '$2', '$3'), [structureId, sub, username])) as LatestHabilitation[])[0];
  }

  followedUsagers(m: EntityManager, structureId: string): Promise<number> {
    return count(m, `SELECT count(*)::int AS n FROM usager_structure us JOIN usager u ON u.id = us.usager_id WHERE us.structure_id = $1 AND u.purged_at IS NULL`, [structureId]);
  }

  /** Valid mandates of the structure ending within `days`, soonest first, with their démarches still authorized. */
  async expiringMandates(m: EntityManager, structureId: string, days = 30): Promise<EspaceMandatEcheance[]> {
    const rows = (await m.query(
      `SELECT m.id, m.usager_id, m.fin, u.nom, u.prenoms, array_agg(a.demarche ORDER BY a.demarche) AS demarches
         FROM mandat m
         JOIN usager u ON u.id = m.usager_id
         JOIN autorisation a ON a.mandat_id = m.id AND a.revoque_le IS NULL
        WHERE m.structure_id = $1 AND m.revoque_le IS NULL AND m.debut <= now() AND m.fin > now() AND m.fin <= now() + make_interval(days => $2)
        GROUP BY m.id, u.id
        ORDER BY m.fin, m.id LIMIT 100`,
      [structureId, days],
    )) as Array<{ id: string; usager_id: string; fin: Date; nom: string | null; prenoms: string | null; demarches: Demarche[] }>;
    return rows.map((r) => ({ id: r.id, usagerId: r.usager_id, usagerNom: usagerDisplayName(r), fin: r.fin.toISOString(), demarches: r.demarches }));
  }

  /** The last usagers this person worked with in the structure (one line per usager, newest first). */
  async recentActivity(m: EntityManager, structureId: string, actorSub: string, limit = 10): Promise<EspaceActivite[]> {
    const rows = (await m.query(
      `SELECT x.usager_id, x.action, x.recorded_at, u.nom, u.prenoms FROM (
          SELECT DISTINCT ON (j.usager_id) j.usager_id, j.action, j.recorded_at, j.seq FROM (
            SELECT usager_id, action, recorded_at, seq FROM journal_entry
             WHERE actor_sub = $1 AND structure_id = $2 AND usager_id IS NOT NULL AND action = ANY($3::text[])
             ORDER BY seq DESC LIMIT 500) j
          ORDER BY j.usager_id, j.seq DESC) x
         JOIN usager u ON u.id = x.usager_id AND u.purged_at IS NULL
         JOIN usager_structure us ON us.usager_id = x.usager_id AND us.structure_id = $2
        ORDER BY x.seq DESC LIMIT $4`,
      [actorSub, structureId, ACTIVITY_ACTIONS, limit],
    )) as Array<{ usager_id: string; action: string; recorded_at: Date; nom: string | null; prenoms: string | null }>;
    return rows.map((r) => ({ usagerId: r.usager_id, usagerNom: usagerDisplayName(r), action: r.action, le: r.recorded_at.toISOString() }));
  }

  pendingHabilitations(m: EntityManager, structureId?: string): Promise<number> {
    return structureId
      ? count(m, `SELECT count(*)::int AS n FROM habilitation WHERE statut = 'demandee' AND structure_id = $1`, [structureId])
      : count(m, `SELECT count(*)::int AS n FROM habilitation WHERE statut = 'demandee'`, []);
  }

  /** The usager account's dossiers (not purged) and their journal entries. */
  async usagerDossiers(m: EntityManager, accountSub: string): Promise<{ dossiers: number; entrees: number; derniere: Date | null }> {
    const [row] = (await m.query(
      `SELECT (SELECT count(*)::int FROM usager WHERE account_sub = $1 AND purged_at IS NULL) AS dossiers,
              count(j.seq)::int AS entrees, max(j.recorded_at) AS derniere
         FROM journal_entry j WHERE j.usager_id IN (SELECT id FROM usager WHERE account_sub = $1)`,
      [accountSub],
    )) as Array<{ dossiers: number; entrees: number; derniere: Date | null }>;
    return { dossiers: Number(row?.dossiers ?? 0), entrees: Number(row?.entrees ?? 0), derniere: row?.derniere ?? null };
  }
}
