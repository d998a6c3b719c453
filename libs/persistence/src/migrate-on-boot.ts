import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runMigrations } from './data-source';

/** Runs the service's migrations before anything else reads or writes (request listeners, relay). */
@Injectable()
export class MigrateOnBoot implements OnModuleInit {
  private readonly log = new Logger('Migrations');
  constructor(private readonly ds: DataSource) {}

  async onModuleInit(): Promise<void> {
    const ran = await runMigrations(this.ds);
    this.log.log(ran.length ? `applied: ${ran.join(', ')}` : 'schema up to date');
  }
}
