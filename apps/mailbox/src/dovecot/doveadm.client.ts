import { Inject, Injectable } from '@nestjs/common';
import { PinError } from '@pin/contracts';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/config.schema';

type DoveadmAnswer = [string, unknown, string][];

/** doveadm's exit code for "not found" (EX_NOHOST), e.g. kick with no open session. */
const NOT_FOUND = 68;
export class DoveadmNotFound extends Error {
  constructor(command: string) {
    super(`doveadm ${command}: not found`);
  }
}

/**
 * Dovecot's doveadm HTTP API (`POST /doveadm/v1`, `Authorization: X-Dovecot-API base64(key)`):
 * kick open sessions after a state change (changing a row does not end them), initialize a new
 * mailbox (quota recalc: userdb lookup + storage), read the quota.
 */
@Injectable()
export class DoveadmClient {
  constructor(@Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig) {}

  async run(command: string, params: Record<string, unknown>): Promise<unknown> {
    const tag = `pin${Date.now().toString(36)}`;
    let res: Response;
    try {
      res = await fetch(this.config.DOVEADM_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `X-Dovecot-API ${Buffer.from(this.config.DOVEADM_API_KEY).toString('base64')}` },
        body: JSON.stringify([[command, params, tag]]),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new PinError('MESSAGERIE.MAIL_SERVER_UNAVAILABLE', 'Le serveur de messagerie ne répond pas ; réessayez dans un instant.', { cause: (err as Error).message });
    }
    if (!res.ok) throw new PinError('MESSAGERIE.MAIL_SERVER_UNAVAILABLE', 'Le serveur de messagerie ne répond pas ; réessayez dans un instant.', { status: res.status });
    const answer = (await res.json()) as DoveadmAnswer;
    const [kind, data] = answer[0] ?? ['error', { type: 'empty' }];
    if (kind === 'error') {
      if ((data as { exitCode?: number }).exitCode === NOT_FOUND) throw new DoveadmNotFound(command);
      throw new Error(`doveadm ${command}: ${JSON.stringify(data)}`);
    }
    return data;
  }

  /** Ends every open IMAP session of the user (after a suspension, a deletion, a password change). */
  async kick(username: string): Promise<void> {
    try {
      await this.run('kick', { mask: [username] });
    } catch (err) {
      if (!(err instanceof DoveadmNotFound)) throw err; // no open session: nothing to end
    }
  }

  /** Userdb lookup and storage initialization of a new mailbox; fails while Dovecot is down. */
  async initialize(username: string): Promise<void> {
    await this.run('quotaRecalc', { allUsers: false, user: username });
  }

  /** Storage used, bytes and messages. */
  async quota(username: string): Promise<{ bytes: number; messages: number }> {
    const rows = (await this.run('quotaGet', { allUsers: false, user: username })) as { type: string; value: string; limit: string }[];
    const value = (type: string) => Number(rows.find((r) => r.type === type)?.value ?? 0);
    return { bytes: value('STORAGE') * 1024, messages: value('MESSAGE') };
  }
}
