import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { claimUsagerSchema, createUsagerSchema, parsePayload, PinError, POLICIES, searchUsagersSchema, updateUsagerSchema, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { acting, journalActor } from '../acting/acting.policy';
import { JOURNAL_INPUTS } from '../journal/journal-inputs';
import { JournalService } from '../journal/journal.service';
import { claimCodeHash, identityKey, presentUsager } from './usager.present';
import { UsagerRepository } from './usager.repository';

/** Usagers: created by an aidant after an ID check, seen only within the structures that follow them. */
@Injectable()
export class UsagersService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
    private readonly usagers: UsagerRepository,
  ) {}

  async search(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { structureId } = acting(user, rpc.structureId);
    const { q, page, pageSize } = parsePayload(searchUsagersSchema, rpc.query);
    const { rows, total } = await this.outbox.run((m) => this.usagers.search(m, structureId, q, page, pageSize));
    return { items: rows.map(presentUsager), page, pageSize, total };
  }

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { user: u, structureId } = acting(user, rpc.structureId);
    const body = parsePayload(createUsagerSchema, rpc.body);
    const key = identityKey(body.nom, body.prenoms, body.dateNaissance);
    return this.outbox.run(async (m) => {
      const same = await this.usagers.lockIdentityAndFindSame(m, key, structureId);
      if (same.length > 0 && !body.confirmerDoublon) {
        throw new PinError('USAGER.POSSIBLE_DUPLICATE', 'Une personne avec la même identité est déjà suivie par cette structure. Vérifiez avant de créer un doublon.', {
          candidats: same.map(presentUsager),
        });
      }
      const id = randomUUID();
      const row = await this.usagers.insert(
        m,
        { id, nom: body.nom, prenoms: body.prenoms, dateNaissance: body.dateNaissance, lieuNaissance: body.lieuNaissance, email: body.email ?? null, telephone: body.telephone ?? null, identityKey: key, verifiedBy: u.sub },
        structureId,
      );
      await this.journal.append(m, [JOURNAL_INPUTS['usager.cree']({ usagerId: id, structureId, actor: journalActor(u) })]);
      return presentUsager(row);
    });
  }

  async get(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { user: u, structureId } = acting(user, rpc.structureId);
    return this.outbox.run(async (m) => {
      const row = await this.usagers.visible(m, rpc.params.id, structureId);
      await this.journal.append(m, [JOURNAL_INPUTS['usager.consulte']({ usagerId: row.id, structureId, actor: journalActor(u) })]);
      return presentUsager(row);
    });
  }

  async update(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { user: u, structureId } = acting(user, rpc.structureId);
    const body = parsePayload(updateUsagerSchema, rpc.body);
    return this.outbox.run(async (m) => {
      const row = await this.usagers.visible(m, rpc.params.id, structureId, true);
      const next = await this.usagers.updateContact(m, row.id, body);
      const champs = (['email', 'telephone'] as const).filter((k) => body[k] !== undefined);
      await this.journal.append(m, [JOURNAL_INPUTS['usager.modifie']({ usagerId: row.id, structureId, actor: journalActor(u), champs })]);
      return presentUsager(next);
    });
  }

  async issueClaimCode(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { user: u, structureId } = acting(user, rpc.structureId);
    return this.outbox.run(async (m) => {
      const row = await this.usagers.visible(m, rpc.params.id, structureId, true);
      if (row.account_sub) throw new PinError('USAGER.ALREADY_LINKED', 'Cette personne a déjà relié son compte.');
      const code = await this.usagers.issueClaimCode(m, row.id);
      await this.journal.append(m, [JOURNAL_INPUTS['usager.code_emis']({ usagerId: row.id, structureId, actor: journalActor(u) })]);
      return { codeReclamation: code };
    });
  }

  /** The usager links their account to a dossier with the one-time code printed on a mandate (one more dossier per code). */
  async claim(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.self.read);
    const { code } = parsePayload(claimUsagerSchema, rpc.body);
    return this.outbox.run(async (m) => {
      const row = await this.usagers.claim(m, claimCodeHash(code), u.sub);
      if (!row) throw new PinError('USAGER.INVALID_CODE', 'Ce code est inconnu, expiré ou déjà utilisé.');
      await this.journal.append(m, [JOURNAL_INPUTS['usager.relie']({ usagerId: row.id, accountSub: u.sub })]);
      return presentUsager(row);
    });
  }
}
