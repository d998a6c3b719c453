import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/config.schema';
import { MailDatabase } from '../dovecot/mail-database';
import { renderLetter } from '../letter/letter.pdf';
import { dovecotHash, initialPassword } from './credentials';
import type { MailboxRow } from './mailbox.row';

/**
 * Provisional credentials, in two steps so that a failure never leaves a letter whose password
 * does not work: `prepare` stores the argon2id hash and the letter printing the same password
 * together (pin_mailbox, one statement; the clear password then only exists in the letter);
 * `apply` writes the hash to the mail server and only then marks the letter printable.
 */
@Injectable()
export class Credentials {
  constructor(
    private readonly ds: DataSource,
    private readonly mail: MailDatabase,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {}

  async prepare(row: Pick<MailboxRow, 'id' | 'address'>, reset: boolean): Promise<string> {
    const password = initialPassword();
    const hash = await dovecotHash(password, { memoryKiB: this.config.ARGON2_MEMORY_KIB, iterations: this.config.ARGON2_ITERATIONS });
    const pdf = await renderLetter({
      adresse: row.address,
      motDePasse: password,
      imapHost: this.config.IMAP_HOST,
      imapPort: this.config.IMAP_PORT,
      smtpHost: this.config.SMTP_HOST,
      webmailUrl: this.config.WEBMAIL_URL,
      espaceUrl: this.config.USAGER_SPACE_URL,
      telephone: this.config.SUPPORT_PHONE,
      date: new Date(),
      reinitialisation: reset,
    });
    await this.ds.query('UPDATE mailbox SET pending_hash = $2, letter_pdf = $3, letter_created_at = now(), updated_at = now() WHERE id = $1', [row.id, hash, pdf]);
    return hash;
  }

  /** The pending hash becomes the mailbox's password (to change at first login); app passwords revoked. */
  async apply(row: Pick<MailboxRow, 'id' | 'address'>): Promise<void> {
    const [{ pending_hash: hash }]: { pending_hash: string | null }[] = await this.ds.query('SELECT pending_hash FROM mailbox WHERE id = $1', [row.id]);
    if (!hash) return;
    await this.mail.transaction(async (m) => {
      await m.query('UPDATE mailbox SET password = $2, must_change_password = true, modified_at = now() WHERE request_id = $1', [row.id, hash]);
      await m.query('DELETE FROM app_password WHERE username = $1', [row.address]);
    });
    await this.ds.query('UPDATE mailbox SET pending_hash = NULL, must_change_password = true, updated_at = now() WHERE id = $1 AND pending_hash = $2', [row.id, hash]);
  }
}
