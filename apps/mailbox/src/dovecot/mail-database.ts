import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { runMigrations, serviceDataSourceOptions } from '@pin/persistence';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/config.schema';
import { mailMigrations } from '../mail-migrations';

/**
 * The mail server's own database (`pin_mail`): a second connection pool, its schema migrated at
 * boot by this service (own migration set and migrations table, advisory lock). Dovecot reads it;
 * only this service writes it.
 */
@Injectable()
export class MailDatabase implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('MailDatabase');
  private ds?: DataSource;

  constructor(@Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig) {}

  async onModuleInit(): Promise<void> {
    const ds = new DataSource({
      ...serviceDataSourceOptions({ url: this.config.MAIL_DATABASE_URL, entities: [], migrations: mailMigrations, applicationName: 'mailbox-mail', poolSize: 5 }),
      migrationsTableName: 'pin_mail_migrations',
    });
    await ds.initialize();
    this.ds = ds;
    const ran = await runMigrations(ds, 'pin-mail-migrations');
    this.log.log(ran.length ? `mail schema applied: ${ran.join(', ')}` : 'mail schema up to date');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ds?.destroy();
  }

  query<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
    return this.ds!.query(sql, params);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds!.transaction(work);
  }
}
