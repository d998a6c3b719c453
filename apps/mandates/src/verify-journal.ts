/**
 * Recomputes the mandates journal's hash chain and names the first broken entry.
 *   DATABASE_URL=postgres://… node dist/apps/mandates/src/verify-journal.js
 * Exit code 0: intact; 1: broken (the entry is printed); 2: could not run.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { loadConfig, postgresUrl } from '@pin/config';
import { serviceDataSourceOptions } from '@pin/persistence';
import { JournalService } from './journal/journal.service';

async function main(): Promise<number> {
  const config = loadConfig('verify-journal', z.object({ DATABASE_URL: postgresUrl }));
  const ds = new DataSource(serviceDataSourceOptions({ url: config.DATABASE_URL, entities: [], migrations: [], applicationName: 'mandates-verify-journal', poolSize: 1 }));
  await ds.initialize();
  try {
    const result = await new JournalService(ds).verify();
    if (result.ok) {
      console.log(`Journal intact : ${result.entrees} entrées vérifiées.`);
      return 0;
    }
    const b = result.premiereRupture!;
    console.log(`Journal ROMPU à l'entrée n° ${b.seq}${b.id ? ` (${b.id})` : ''} : ${b.raison}. ${result.entrees} entrées intactes avant elle.`);
    return 1;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
