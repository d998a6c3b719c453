import type { DataSource } from 'typeorm';
import type { HealthProbe } from './health.module';

export const databaseProbe = (ds: DataSource): HealthProbe => ({
  name: 'database',
  check: async () => {
    await ds.query('SELECT 1');
  },
});

export const natsProbe = (nc: { isClosed(): boolean; flush(): Promise<void> }): HealthProbe => ({
  name: 'nats',
  check: async () => {
    if (nc.isClosed()) throw new Error('connexion fermée');
    await nc.flush();
  },
});

export const redisProbe = (redis: { ping(): Promise<string> }): HealthProbe => ({
  name: 'redis',
  check: async () => {
    if ((await redis.ping()) !== 'PONG') throw new Error('réponse inattendue');
  },
});
