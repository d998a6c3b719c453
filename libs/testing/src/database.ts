import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { initializeDataSource, runMigrations, serviceDataSourceOptions, type ServiceDataSourceOptions } from '@pin/persistence';

export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates a throw-away database on the machine's real PostgreSQL (optionally with PostGIS). */
export async function createTestDatabase(prefix: string, extensions: string[] = []): Promise<TestDatabase> {
  const name = `t_${prefix.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  if (extensions.length > 0) {
    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    try {
      for (const ext of extensions) await c.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
    } finally {
      await c.end();
    }
  }
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestDataSourceOptions {
  /** Prefix of the throw-away database's name. */
  prefix: string;
  migrations: ServiceDataSourceOptions['migrations'];
  entities?: ServiceDataSourceOptions['entities'];
  /** PostgreSQL extensions created before the migrations run (e.g. postgis). */
  extensions?: string[];
  /** application_name of the pool; `<prefix>-test` when absent. */
  applicationName?: string;
  /** Connections of each pool (10 when absent). */
  poolSize?: number;
}

export interface TestDataSource {
  db: TestDatabase;
  /** Initialized, with every migration run. */
  ds: DataSource;
  /** Another pool on the same database (a second replica, say), closed by `teardown`. */
  open(applicationName: string, poolSize?: number): Promise<DataSource>;
  /** Closes every pool, then drops the database. */
  teardown(): Promise<void>;
}

/**
 * A real-PostgreSQL DataSource for a test: a fresh database (with `extensions`), a service pool
 * (the options services use) and the migrations run. Call `teardown()` in afterAll.
 */
export async function withTestDataSource(o: TestDataSourceOptions): Promise<TestDataSource> {
  const db = await createTestDatabase(o.prefix, o.extensions ?? []);
  const pools: DataSource[] = [];
  const open = async (applicationName: string, poolSize = o.poolSize): Promise<DataSource> => {
    const ds = await initializeDataSource(serviceDataSourceOptions({ url: db.url, entities: o.entities ?? [], migrations: o.migrations, applicationName, poolSize }));
    pools.push(ds);
    return ds;
  };
  const teardown = async () => {
    for (const ds of pools.splice(0)) if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    await db.drop();
  };
  try {
    const ds = await open(o.applicationName ?? `${o.prefix}-test`);
    await runMigrations(ds);
    return { db, ds, open, teardown };
  } catch (err) {
    await teardown();
    throw err;
  }
}
