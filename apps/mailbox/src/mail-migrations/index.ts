import { MailSchema1766000000000 } from './1766000000000-mail-schema';

/** Migrations of the mail server's database (`pin_mail`), run by the mailbox service at boot (own migrations table). */
export const mailMigrations = [MailSchema1766000000000];
