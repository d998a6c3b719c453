import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail server's own database (`pin_mail`), read by Dovecot (deploy/dovecot/dovecot-sql*.conf.ext):
 * a simplified Postfix Admin schema — domain, mailbox, alias, app_password, quota. Adapted from the
 * project's reference recipe (notes/mail-dovecot/schema.sql). Written only by the mailbox service.
 */
export class MailSchema1766000000000 implements MigrationInterface {
  name = 'MailSchema1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE domain (
        domain text PRIMARY KEY,
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      CREATE TABLE mailbox (
        username text PRIMARY KEY,
        local_part text NOT NULL,
        domain text NOT NULL REFERENCES domain (domain),
        password text NOT NULL,
        maildir text NOT NULL,
        quota_bytes bigint NOT NULL DEFAULT 1073741824,
        active boolean NOT NULL DEFAULT true,
        receiving boolean NOT NULL DEFAULT true,
        must_change_password boolean NOT NULL DEFAULT true,
        request_id uuid NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        modified_at timestamptz NOT NULL DEFAULT now(),
        CHECK (username = lower(username) AND username = local_part || '@' || domain)
      )`);
    await q.query(`
      CREATE TABLE alias (
        address text PRIMARY KEY,
        goto text NOT NULL,
        domain text NOT NULL REFERENCES domain (domain),
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      CREATE TABLE app_password (
        id uuid PRIMARY KEY,
        username text NOT NULL REFERENCES mailbox (username) ON DELETE CASCADE,
        label text NOT NULL,
        password text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX app_password_username ON app_password (username)`);
    // Usage as last read from Dovecot (doveadm quota get), for the usager's page.
    await q.query(`
      CREATE TABLE quota (
        username text PRIMARY KEY REFERENCES mailbox (username) ON DELETE CASCADE,
        bytes bigint NOT NULL DEFAULT 0,
        messages integer NOT NULL DEFAULT 0,
        read_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO domain (domain) VALUES ('landesmail.fr')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE quota, app_password, alias, mailbox, domain');
  }
}
