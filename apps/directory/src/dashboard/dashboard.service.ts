import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { flagLabel, LIEU_PROBLEM_FLAGS, POLICIES, type DirectoryDashboard, type UserContext } from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { ImportService } from '../imports/import.service';

/** Imports shown on the dashboard. */
const LAST_IMPORTS = 5;

/**
 * The directory's dashboard: the work waiting for an animateur (every lieu of the network) or a
 * référent (the lieux of their structures), counted with a few aggregate queries.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly ds: DataSource,
    private readonly imports: ImportService,
  ) {}

  async get(user: UserContext | undefined): Promise<DirectoryDashboard> {
    const u = requirePolicy(user, POLICIES.dashboard.read);
    const network = hasRole(u, ...NETWORK_ROLES) || u.structures.includes('*');
    // Lieux in scope: every lieu, or those of the référent's structures.
    const scope = network ? 'TRUE' : 'l.structure_id = ANY($1::uuid[])';
    const params = network ? [] : [u.structures];
    const problems = `ARRAY[${LIEU_PROBLEM_FLAGS.map((f) => `'${f}'`).join(', ')}]::text[]`;

    const [counts] = (await this.ds.query(
      `SELECT
         (SELECT count(*)::int FROM lieu l WHERE ${scope} AND l.statut = 'actif') AS lieux_actifs,
         (SELECT count(*)::int FROM lieu l WHERE ${scope} AND l.statut = 'actif' AND l.flags && ${problems}) AS lieux_signales,
         (SELECT count(*)::int FROM signalement s JOIN lieu l ON l.id = s.lieu_id WHERE ${scope} AND s.statut = 'ouvert') AS signalements_ouverts,
         (SELECT count(*)::int FROM structure st WHERE ${network ? 'TRUE' : 'st.id = ANY($1::uuid[])'}) AS structures`,
      params,
    )) as { lieux_actifs: number; lieux_signales: number; signalements_ouverts: number; structures: number }[];
    const byFlag: { flag: string; n: number }[] = await this.ds.query(
      `SELECT f AS flag, count(*)::int AS n FROM lieu l, unnest(l.flags) AS f
        WHERE ${scope} AND l.statut = 'actif' AND f = ANY(${problems}) GROUP BY f ORDER BY n DESC, f`,
      params,
    );
    let doublons: number | null = null;
    let derniers: DirectoryDashboard['derniers_imports'] = [];
    if (network) {
      const [d] = (await this.ds.query(`SELECT count(*)::int AS n FROM lieu_doublon WHERE statut = 'propose'`)) as { n: number }[];
      doublons = d.n;
      derniers = (await this.imports.latest(LAST_IMPORTS)).map((i) => ({
        id: i.id, source: i.source, filename: i.filename, statut: i.statut, created_at: i.created_at, finished_at: i.finished_at, total: i.total,
        importes: i.importes, crees: i.crees, mis_a_jour: i.mis_a_jour, rejetes_total: i.rejetes_total, doublons: i.doublons,
        signales_total: i.signales_total,
      }));
    }
    return {
      perimetre: network ? 'reseau' : 'structures',
      structures: counts.structures,
      lieux_actifs: counts.lieux_actifs,
      signalements_ouverts: counts.signalements_ouverts,
      doublons_a_examiner: doublons,
      lieux_signales: counts.lieux_signales,
      lieux_signales_par_flag: byFlag.map((r) => ({ flag: r.flag, libelle: flagLabel(r.flag), total: r.n })),
      derniers_imports: derniers,
    };
  }
}
