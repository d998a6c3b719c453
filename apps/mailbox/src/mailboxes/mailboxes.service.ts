import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  createMailboxSchema, lifecycleActionSchema, MAILBOX_DOMAIN, MailboxStatusChangedV1, parsePayload, PinError, proposeAddressSchema, quotaChangeSchema,
  type AddressProposal, type MailboxStatut, type QuotaView, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { Outbox, type EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { baseLocalPart, proposeLocalParts } from '../address/address';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/config.schema';
import { DoveadmClient } from '../dovecot/doveadm.client';
import { MailDatabase } from '../dovecot/mail-database';
import { MandatesClient } from '../dovecot/mandates.client';
import { demarchesToCheck } from '../projections/mandats/mandats.consumer';
import { acting, type Acting } from './acting';
import { Credentials } from './credentials.service';
import { MAIL_FLAGS, MIB, notFound, present, ROW_COLUMNS, TRANSITIONS, type LifecycleAction, type MailboxRow } from './mailbox.row';
import { ProvisionQueue } from './provision.queue';

const idSchema = z.uuid({ message: 'Identifiant invalide.' });
/** Version of the conditions read to the usager when their consent is recorded. */
export const CONSENT_TEXT_VERSION = 'messagerie-ethique-2026-12';

/** The aidant's side: address proposal, request, follow-up, letter, lifecycle, password reset, quota. */
@Injectable()
export class MailboxesService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly mail: MailDatabase,
    private readonly doveadm: DoveadmClient,
    private readonly mandates: MandatesClient,
    private readonly credentials: Credentials,
    private readonly queue: ProvisionQueue,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {}

  /** The mandates service says yes for one of `demarches` (papiers or social), else a 403 with its reason. */
  private async authorize(a: Acting, usagerId: string, demarches: string[]): Promise<string> {
    let reason = 'AUCUN_MANDAT';
    for (const d of demarches) {
      const decision = await this.mandates.check(a.user, a.structureId, usagerId, d);
      if (decision.allowed) return d;
      reason = decision.reason;
    }
    throw new PinError('MESSAGERIE.MANDATE_REQUIRED', 'Il faut un mandat en cours de la personne couvrant « Papiers - Citoyenneté » ou « Social - Santé ».', { raison: reason });
  }

  private async taken(base: string): Promise<Set<string>> {
    const like = `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const mine: { local_part: string }[] = await this.ds.query('SELECT local_part FROM mailbox WHERE local_part LIKE $1', [like]);
    // Mailboxes of the mail server created outside PIN count too; unreachable: nothing can be promised.
    const mail: { local_part: string }[] = await this.mail.query<{ local_part: string }[]>('SELECT local_part FROM mailbox WHERE domain = $1 AND local_part LIKE $2', [MAILBOX_DOMAIN, like]).catch(() => {
      throw new PinError('MESSAGERIE.MAIL_SERVER_UNAVAILABLE', 'Le serveur de messagerie est indisponible ; réessayez dans un instant.');
    });
    return new Set([...mine, ...mail].map((r) => r.local_part));
  }

  async propose(user: UserContext | undefined, rpc: RpcEnvelope): Promise<AddressProposal> {
    const a = acting(user, rpc.structureId);
    const usagerId = parsePayload(idSchema, rpc.params.id);
    const body = parsePayload(proposeAddressSchema, rpc.body);
    const base = baseLocalPart(body.prenom, body.nom);
    await this.authorize(a, usagerId, await demarchesToCheck(this.ds, usagerId, a.structureId));
    return { propositions: proposeLocalParts(base, await this.taken(base)).map((l) => `${l}@${MAILBOX_DOMAIN}`), domaine: MAILBOX_DOMAIN };
  }

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const body = parsePayload(createMailboxSchema, rpc.body);
    const a = acting(user, rpc.structureId ?? body.structureId);
    const usagerId = parsePayload(idSchema, rpc.params.id);
    const base = baseLocalPart(body.prenom, body.nom);
    const demarche = await this.authorize(a, usagerId, [body.demarche]);
    const [live]: MailboxRow[] = await this.ds.query(`SELECT ${ROW_COLUMNS} FROM mailbox WHERE usager_id = $1 AND status NOT IN ('supprimee', 'echec')`, [usagerId]);
    if (live) throw new PinError('MESSAGERIE.ALREADY_EXISTS', 'Cette personne a déjà une boîte aux lettres.', { id: live.id, statut: live.status });
    const proposals = proposeLocalParts(base, await this.taken(base));
    const wanted = body.localPart?.toLowerCase().replace(`@${MAILBOX_DOMAIN}`, '');
    if (wanted !== undefined && !proposals.includes(wanted)) throw new PinError('ADRESSE.NOT_PROPOSED', 'Cette adresse n’est pas (ou plus) disponible : choisissez une des adresses proposées.', { propositions: proposals });
    const local = wanted ?? proposals[0];
    const id = randomUUID();
    let row: MailboxRow;
    try {
      [row] = await this.ds.query(
        `INSERT INTO mailbox (id, usager_id, structure_id, aidant_sub, demarche, local_part, address, quota_bytes, consent_at, consent_text_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9) RETURNING ${ROW_COLUMNS}`,
        [id, usagerId, a.structureId, a.user.sub, demarche, local, `${local}@${MAILBOX_DOMAIN}`, this.config.MAILBOX_DEFAULT_QUOTA_MB * MIB, CONSENT_TEXT_VERSION],
      );
    } catch (err) {
      const constraint = (err as { constraint?: string }).constraint;
      if (constraint === 'mailbox_one_live_per_usager') throw new PinError('MESSAGERIE.ALREADY_EXISTS', 'Cette personne a déjà une boîte aux lettres.');
      if (constraint === 'mailbox_address_key') throw new PinError('ADRESSE.NOT_PROPOSED', 'Cette adresse vient d’être attribuée : demandez de nouvelles propositions.');
      throw err;
    }
    await this.queue.enqueue(id);
    return present(row);
  }

  /** A mailbox of one of the caller's structures (reading needs no mandate check: it only shows state). */
  private async readable(a: Acting, id: string): Promise<MailboxRow> {
    const [row]: MailboxRow[] = await this.ds.query(`SELECT ${ROW_COLUMNS} FROM mailbox WHERE id = $1`, [id]);
    if (!row || row.structure_id !== a.structureId) throw notFound();
    return row;
  }

  async get(user: UserContext | undefined, rpc: RpcEnvelope) {
    const a = acting(user, rpc.structureId);
    return present(await this.readable(a, parsePayload(idSchema, rpc.params.id)));
  }

  async ofUsager(user: UserContext | undefined, rpc: RpcEnvelope) {
    const a = acting(user, rpc.structureId);
    const usagerId = parsePayload(idSchema, rpc.params.id);
    const [row]: MailboxRow[] = await this.ds.query(
      `SELECT ${ROW_COLUMNS} FROM mailbox WHERE usager_id = $1 AND structure_id = $2 ORDER BY (status NOT IN ('supprimee', 'echec')) DESC, created_at DESC LIMIT 1`,
      [usagerId, a.structureId],
    );
    if (!row) throw notFound();
    return present(row);
  }

  /** A mailbox the caller may change: their structure's, under a current mandate of its usager. */
  private async manageable(user: UserContext | undefined, rpc: RpcEnvelope): Promise<{ a: Acting; row: MailboxRow }> {
    parsePayload(lifecycleActionSchema, rpc.body ?? {});
    const a = acting(user, rpc.structureId);
    const row = await this.readable(a, parsePayload(idSchema, rpc.params.id));
    await this.authorize(a, row.usager_id, await demarchesToCheck(this.ds, row.usager_id, a.structureId, row.demarche));
    return { a, row };
  }

  /** The printable letter (PDF) while the usager has not chosen their own password. */
  async letter(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { row } = await this.manageable(user, { ...rpc, body: {} });
    const [full]: { letter_pdf: Buffer | null; pending_hash: string | null; status: MailboxStatut }[] = await this.ds.query('SELECT letter_pdf, pending_hash, status FROM mailbox WHERE id = $1', [row.id]);
    if (!full?.letter_pdf || full.pending_hash !== null || full.status === 'en_cours' || full.status === 'demandee') {
      throw new PinError('MESSAGERIE.LETTER_UNAVAILABLE', 'Pas de courrier à imprimer : la boîte est en cours de création, ou la personne a déjà choisi son mot de passe.');
    }
    return { filename: `messagerie-${row.local_part}.pdf`, contentType: 'application/pdf', base64: Buffer.from(full.letter_pdf).toString('base64') };
  }

  async transition(user: UserContext | undefined, rpc: RpcEnvelope, action: LifecycleAction) {
    const { row } = await this.manageable(user, rpc);
    const t = TRANSITIONS[action];
    if (row.status === t.to) return present(row);
    if (!(t.from as readonly MailboxStatut[]).includes(row.status)) {
      throw new PinError('MESSAGERIE.INVALID_TRANSITION', `Impossible depuis l’état « ${row.status} ».`, { statut: row.status });
    }
    const updated = await this.applyStatus(row, t.to, action === 'scheduleDeletion' ? new Date(Date.now() + this.config.MAILBOX_DELETION_GRACE_MS) : null);
    return present(updated);
  }

  /** Mail server first (login refused or allowed, delivery on or off), then our row + event, then open sessions are kicked. */
  async applyStatus(row: MailboxRow, to: MailboxStatut, deleteAfter: Date | null): Promise<MailboxRow> {
    const flags = MAIL_FLAGS[to]!;
    await this.mail.query('UPDATE mailbox SET active = $2, receiving = $3, modified_at = now() WHERE request_id = $1', [row.id, flags.active, flags.receiving]);
    const updated = await this.outbox.run(async (m, events) => {
      const [[u]]: [MailboxRow[]] = await m.query(`UPDATE mailbox SET status = $2, delete_after = $3, updated_at = now() WHERE id = $1 RETURNING ${ROW_COLUMNS}`, [row.id, to, deleteAfter]);
      this.recordStatus(events, u);
      return u;
    });
    if (!flags.active) await this.doveadm.kick(row.address);
    return updated;
  }

  recordStatus(events: EventRecorder, row: MailboxRow): void {
    events.record(MailboxStatusChangedV1, {
      subject: row.id,
      data: { mailboxId: row.id, usagerId: row.usager_id, statut: row.status, changeLe: new Date().toISOString() },
      correlationId: RequestContext.correlationId(),
    });
  }

  /** A new provisional password and letter; app passwords revoked; open sessions kicked. */
  async resetPassword(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { row } = await this.manageable(user, rpc);
    if (!['active', 'suspendue'].includes(row.status)) throw new PinError('MESSAGERIE.NOT_ACTIVE', 'La boîte n’est ni active ni suspendue.', { statut: row.status });
    await this.credentials.prepare(row, true);
    await this.credentials.apply(row);
    await this.doveadm.kick(row.address);
    const [updated]: MailboxRow[] = await this.ds.query(`SELECT ${ROW_COLUMNS} FROM mailbox WHERE id = $1`, [row.id]);
    return present(updated);
  }

  async quotaChange(user: UserContext | undefined, rpc: RpcEnvelope): Promise<QuotaView> {
    const { quotaMo } = parsePayload(quotaChangeSchema, rpc.body);
    const { row } = await this.manageable(user, { ...rpc, body: {} });
    if (!['active', 'suspendue', 'desactivee'].includes(row.status)) throw new PinError('MESSAGERIE.NOT_ACTIVE', 'La boîte n’existe pas encore ou plus.', { statut: row.status });
    await this.mail.query('UPDATE mailbox SET quota_bytes = $2, modified_at = now() WHERE request_id = $1', [row.id, quotaMo * MIB]);
    await this.ds.query('UPDATE mailbox SET quota_bytes = $2, updated_at = now() WHERE id = $1', [row.id, quotaMo * MIB]);
    return this.quotaOf(row.address, quotaMo * MIB);
  }

  async quotaGet(user: UserContext | undefined, rpc: RpcEnvelope): Promise<QuotaView> {
    const a = acting(user, rpc.structureId);
    const row = await this.readable(a, parsePayload(idSchema, rpc.params.id));
    return this.quotaOf(row.address, Number(row.quota_bytes));
  }

  /** Usage read from Dovecot (doveadm quota get), kept in pin_mail.quota for the pages. */
  async quotaOf(address: string, quotaBytes: number): Promise<QuotaView> {
    const used = await this.doveadm.quota(address);
    await this.mail.query(
      `INSERT INTO quota (username, bytes, messages, read_at) SELECT $1, $2, $3, now() WHERE EXISTS (SELECT 1 FROM mailbox WHERE username = $1)
       ON CONFLICT (username) DO UPDATE SET bytes = EXCLUDED.bytes, messages = EXCLUDED.messages, read_at = now()`,
      [address, used.bytes, used.messages],
    );
    const pourcentage = quotaBytes > 0 ? Math.round((used.bytes / quotaBytes) * 1000) / 10 : 0;
    return { quotaMo: Math.round(quotaBytes / MIB), utiliseMo: Math.round((used.bytes / MIB) * 10) / 10, messages: used.messages, pourcentage, alerte: pourcentage >= 90 };
  }
}
