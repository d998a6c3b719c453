import { Inject, Injectable } from '@nestjs/common';
import {
  ACTING_ROLES, allows, POLICIES, type EspaceResponse, type EspaceStructure, type EspaceUsager, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { hasRole, requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import type { EntityManager } from 'typeorm';
import { isUuid } from '../acting/acting.policy';
import { MandateRepository } from '../mandates/mandate.repository';
import { autorisationStatut, mandatStatut } from '../mandates/mandate.present';
import { MemberRecorder } from '../members/member-recorder';
import { memberDisplayName } from '../members/member-recording';
import { WorkspaceRepository } from './workspace.repository';
import { missingForHabilitation } from './workspace.present';
import { HABILITATION_SETTINGS, type HabilitationSettings } from '../habilitations/habilitation-settings';

const SOON_DAYS = 30;
/** Web page where the network decides habilitation requests. */
const HABILITATIONS_PAGE = '/app/habilitations';

/**
 * The caller's working-space summary (home page): per structure for aidants, médiateurs and
 * référents, the network's pending decisions, the usager's own dossiers. Calling it also records
 * the caller as a member of their structures, so that a person who merely signed in is known.
 */
@Injectable()
export class WorkspaceService {
  constructor(
    private readonly outbox: Outbox,
    private readonly workspace: WorkspaceRepository,
    private readonly mandates: MandateRepository,
    private readonly recorder: MemberRecorder,
    @Inject(HABILITATION_SETTINGS) private readonly settings: HabilitationSettings,
  ) {}

  async summary(user: UserContext | undefined, _rpc: RpcEnvelope): Promise<EspaceResponse> {
    const u = requirePolicy(user, POLICIES.espace.read);
    await this.recorder.record(u);
    const acting = hasRole(u, ...ACTING_ROLES);
    const structures = acting ? [...new Set(u.structures)].filter(isUuid) : [];
    return this.outbox.run(async (m) => {
      const names = await this.workspace.structureNames(m, structures);
      const perStructure: EspaceStructure[] = [];
      for (const structureId of structures) perStructure.push(await this.structure(m, u, structureId, names.get(structureId) ?? null));
      return {
        utilisateur: { id: u.sub, username: u.username, nom: memberDisplayName(u), roles: u.roles },
        structures: perStructure,
        reseau: allows(u, POLICIES.habilitation.grant) ? { habilitationsADecider: await this.workspace.pendingHabilitations(m), lien: `${HABILITATIONS_PAGE}?statut=demandee` } : null,
        usager: hasRole(u, 'usager') ? await this.usager(m, u) : null,
      };
    });
  }

  private async structure(m: EntityManager, u: UserContext, structureId: string, nom: string | null): Promise<EspaceStructure> {
    const h = await this.workspace.latestHabilitation(m, structureId, u.sub, u.username);
    return {
      structureId,
      nom,
      habilitation: { statut: h?.statut ?? 'aucune', id: h?.id ?? null, motif: h?.motif ?? null, depuis: h?.depuis.toISOString() ?? null, manque: missingForHabilitation(h, { pixRequired: this.settings.pixRequired }) },
      usagersSuivis: await this.workspace.followedUsagers(m, structureId),
      mandatsBientotEchus: await this.workspace.expiringMandates(m, structureId, SOON_DAYS),
      activiteRecente: await this.workspace.recentActivity(m, structureId, u.sub),
      demandesEnAttente: hasRole(u, 'referent') ? await this.workspace.pendingHabilitations(m, structureId) : null,
    };
  }

  private async usager(m: EntityManager, u: UserContext): Promise<EspaceUsager> {
    const now = new Date();
    const soon = now.getTime() + SOON_DAYS * 86_400_000;
    const rows = await this.mandates.forAccount(m, u.sub);
    const auts = await this.mandates.autorisations(m, rows.map((r) => r.id));
    const valid = rows.filter((r) => mandatStatut(r, auts.get(r.id) ?? [], now) === 'valide');
    const { dossiers, entrees, derniere } = await this.workspace.usagerDossiers(m, u.sub);
    return {
      dossiers,
      mandatsActifs: valid.length,
      mandatsBientotEchus: valid
        .filter((r) => r.fin.getTime() <= soon)
        .sort((a, b) => a.fin.getTime() - b.fin.getTime())
        .map((r) => ({
          id: r.id,
          usagerId: r.usager_id,
          structure: { id: r.structure_id, nom: r.structure_nom },
          fin: r.fin.toISOString(),
          demarches: (auts.get(r.id) ?? []).filter((a) => autorisationStatut(a, now) === 'active').map((a) => a.demarche),
        })),
      entreesJournal: entrees,
      derniereEntreeJournal: derniere?.toISOString() ?? null,
    };
  }
}
