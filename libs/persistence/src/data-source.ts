import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';

export interface ServiceDataSourceOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName: string;
}

/** TypeORM options of a PIN service: migrations only (never `synchronize`), one transaction each. */
export function serviceDataSourceOptions(o: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: o.url,
    entities: o.entities,
    migrations: o.migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    applicationName: o.applicationName,
    extra: { max: o.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
  };
}

/**
 * Runs pending migrations at boot. TypeORM takes no lock of its own, so replicas starting together
 * are serialised with a PostgreSQL advisory lock held on a dedicated connection.
 */
export async function runMigrations(ds: DataSource, lockName = 'pin-migrations'): Promise<string[]> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await qr.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
    }
  } finally {
    await qr.release();
  }
}

export async function initializeDataSource(options: DataSourceOptions): Promise<DataSource> {
  const ds = new DataSource(options);
  await ds.initialize();
  return ds;
}
