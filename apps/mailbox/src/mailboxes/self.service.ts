import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  appPasswordCreateSchema, parsePayload, PinError, POLICIES, selfPasswordChangeSchema, type AppPasswordView, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/config.schema';
import { DoveadmClient } from '../dovecot/doveadm.client';
import { MailDatabase } from '../dovecot/mail-database';
import { appPassword, appPasswordDigest, dovecotHash, verifyDovecotHash } from './credentials';
import { notFound, present, ROW_COLUMNS, type MailboxRow } from './mailbox.row';
import { MailboxesService } from './mailboxes.service';

const MAX_APP_PASSWORDS = 10;
const idSchema = z.uuid({ message: 'Identifiant invalide.' });

/**
 * The usager's own space (signed in through Keycloak, where MFA is configured). The first password
 * change proves ownership (address + the letter's password) and links the mailbox to the account;
 * phones and mail clients then use per-device app passwords.
 */
@Injectable()
export class SelfService {
  constructor(
    private readonly ds: DataSource,
    private readonly mail: MailDatabase,
    private readonly doveadm: DoveadmClient,
    private readonly mailboxes: MailboxesService,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {}

  private async mine(user: UserContext | undefined): Promise<MailboxRow> {
    const u = requirePolicy(user, POLICIES.messagerie.self);
    const [row]: MailboxRow[] = await this.ds.query(
      `SELECT ${ROW_COLUMNS} FROM mailbox WHERE usager_sub = $1 AND status IN ('active', 'suspendue', 'desactivee', 'suppression_programmee') ORDER BY created_at DESC LIMIT 1`,
      [u.sub],
    );
    if (!row) throw notFound();
    return row;
  }

  async get(user: UserContext | undefined) {
    return present(await this.mine(user));
  }

  /** Changes the mailbox's password (the provisional one included); all app passwords are revoked and open sessions kicked. */
  async changePassword(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.messagerie.self);
    const body = parsePayload(selfPasswordChangeSchema, rpc.body);
    const [row]: MailboxRow[] = await this.ds.query(`SELECT ${ROW_COLUMNS} FROM mailbox WHERE address = $1 AND status IN ('active', 'suspendue')`, [body.adresse]);
    // Another person's mailbox, or an unknown one: the same answer as a wrong password.
    const wrong = () => new PinError('MESSAGERIE.WRONG_PASSWORD', 'Adresse ou mot de passe actuel incorrect.');
    if (!row || (row.usager_sub !== null && row.usager_sub !== u.sub)) throw wrong();
    const [account]: { password: string }[] = await this.mail.query('SELECT password FROM mailbox WHERE request_id = $1', [row.id]);
    if (!account || !(await verifyDovecotHash(body.motDePasseActuel, account.password))) throw wrong();
    if (body.nouveauMotDePasse === body.motDePasseActuel) throw new PinError('MESSAGERIE.SAME_PASSWORD', 'Choisissez un mot de passe différent du mot de passe actuel.');
    const hash = await dovecotHash(body.nouveauMotDePasse, { memoryKiB: this.config.ARGON2_MEMORY_KIB, iterations: this.config.ARGON2_ITERATIONS });
    await this.mail.transaction(async (m) => {
      await m.query('UPDATE mailbox SET password = $2, must_change_password = false, modified_at = now() WHERE request_id = $1', [row.id, hash]);
      await m.query('DELETE FROM app_password WHERE username = $1', [row.address]);
    });
    // The letter's password no longer works: the letter is destroyed.
    const [[updated]]: [MailboxRow[]] = await this.ds.query(
      `UPDATE mailbox SET usager_sub = $2, must_change_password = false, letter_pdf = NULL, pending_hash = NULL, updated_at = now() WHERE id = $1 RETURNING ${ROW_COLUMNS}`,
      [row.id, u.sub],
    );
    await this.doveadm.kick(row.address);
    return present(updated);
  }

  async listAppPasswords(user: UserContext | undefined): Promise<{ items: AppPasswordView[] }> {
    const row = await this.mine(user);
    const rows: { id: string; label: string; created_at: Date; last_used_at: Date | null }[] = await this.mail.query(
      'SELECT id, label, created_at, last_used_at FROM app_password WHERE username = $1 ORDER BY created_at',
      [row.address],
    );
    return { items: rows.map((r) => ({ id: r.id, nom: r.label, cree_le: new Date(r.created_at).toISOString(), derniere_utilisation: r.last_used_at ? new Date(r.last_used_at).toISOString() : null })) };
  }

  /** A new app password, shown once (only its sha256 is kept: Dovecot's second passdb compares it). */
  async createAppPassword(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { nom } = parsePayload(appPasswordCreateSchema, rpc.body);
    const row = await this.mine(user);
    if (row.must_change_password) throw new PinError('MESSAGERIE.NOT_ACTIVE', 'Changez d’abord le mot de passe provisoire.');
    const [{ n }]: { n: number }[] = await this.mail.query('SELECT count(*)::int AS n FROM app_password WHERE username = $1', [row.address]);
    if (n >= MAX_APP_PASSWORDS) throw new PinError('MOT_DE_PASSE_APPLI.LIMIT_REACHED', `Au plus ${MAX_APP_PASSWORDS} appareils : révoquez-en un.`);
    const password = appPassword();
    const id = randomUUID();
    const [created]: { created_at: Date }[] = await this.mail.query(
      'INSERT INTO app_password (id, username, label, password) VALUES ($1, $2, $3, $4) RETURNING created_at',
      [id, row.address, nom, appPasswordDigest(password)],
    );
    return { id, nom, cree_le: new Date(created.created_at).toISOString(), derniere_utilisation: null, motDePasse: password, adresse: row.address };
  }

  async revokeAppPassword(user: UserContext | undefined, rpc: RpcEnvelope) {
    const id = parsePayload(idSchema, rpc.params.id);
    const row = await this.mine(user);
    const [deleted, count]: [unknown[], number] = await this.mail.query('DELETE FROM app_password WHERE id = $1 AND username = $2 RETURNING id', [id, row.address]);
    if (!count && !(deleted as unknown[]).length) throw new PinError('MOT_DE_PASSE_APPLI.NOT_FOUND', 'Mot de passe d’application introuvable.');
    // Sessions opened with it are ended (the main password's sessions too: Dovecot cannot tell them apart).
    await this.doveadm.kick(row.address);
    return { revoque: true };
  }

  async quota(user: UserContext | undefined) {
    const row = await this.mine(user);
    return this.mailboxes.quotaOf(row.address, Number(row.quota_bytes));
  }
}
