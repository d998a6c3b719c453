import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { Demarche } from '../src/demarches/demarche.entity';
import { Lieu } from '../src/lieux/lieu.entity';
import { migrations } from '../src/migrations';
import { Signalement } from '../src/signalements/signalement.entity';
import { Structure } from '../src/structures/structure.entity';

/** A fresh directory database (PostGIS, every migration) on the machine's real PostgreSQL. */
export function directoryTestDatabase(prefix: string): Promise<TestDataSource> {
  return withTestDataSource({ prefix, extensions: ['postgis'], entities: [Structure, Lieu, Demarche, Signalement], migrations, applicationName: `${prefix}-spec` });
}
