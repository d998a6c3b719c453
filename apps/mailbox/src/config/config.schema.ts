import { z } from 'zod';
import { httpUrl, postgresUrl, redisUrl, serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({
  /** BullMQ (provisioning jobs, the sweep's job scheduler). Db 6 is the mailbox service's in compose/k8s. */
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** The mail server's own database (Dovecot reads it); its schema is migrated by this service at boot. */
  MAIL_DATABASE_URL: postgresUrl,
  /** Dovecot's doveadm HTTP API (`…/doveadm/v1`) and its API key. */
  DOVEADM_URL: httpUrl,
  DOVEADM_API_KEY: z.string().min(8),
  /** Root of the maildirs (`<root>/<domain>/<local part>/`): the service removes a deleted mailbox's maildir (Dovecot never does). */
  MAILDIR_ROOT: z.string().min(1),
  /** Printed on the letter: how to reach the mail server. */
  IMAP_HOST: z.string().default('imap.landesmail.fr'),
  IMAP_PORT: z.coerce.number().int().min(1).max(65535).default(993),
  SMTP_HOST: z.string().default('smtp.landesmail.fr'),
  WEBMAIL_URL: z.string().default('https://webmail.landesmail.fr'),
  USAGER_SPACE_URL: z.string().default('https://pin.landes.fr/moi'),
  SUPPORT_PHONE: z.string().default('05 58 00 00 00'),
  /** Quota of a new mailbox, MiB. */
  MAILBOX_DEFAULT_QUOTA_MB: z.coerce.number().int().min(1).default(1024),
  /** Grace period between "deletion scheduled" and the removal of the mail (default 30 days). */
  MAILBOX_DELETION_GRACE_MS: z.coerce.number().int().min(0).default(30 * 24 * 3600 * 1000),
  /** How often the sweep runs (BullMQ job scheduler `mailbox.requests.sweep`): due scheduled deletions, requests whose job was lost. */
  MAILBOX_SWEEP_MS: z.coerce.number().int().min(100).default(60_000),
  /** Provisioning attempts (exponential backoff from PROVISION_BACKOFF_MS) before the request is given up and undone. */
  PROVISION_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  PROVISION_BACKOFF_MS: z.coerce.number().int().min(10).default(2_000),
  PROVISION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** argon2id cost (Dovecot verifies it at each login: 19 MiB, t=2 is OWASP's minimum and ~30 ms). */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19_456),
  ARGON2_ITERATIONS: z.coerce.number().int().min(1).default(2),
});

export type MailboxConfig = z.infer<typeof configSchema>;
export const MAILBOX_CONFIG = Symbol('MAILBOX_CONFIG');
