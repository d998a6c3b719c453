import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

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
