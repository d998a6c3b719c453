import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Subscriptions delivered on the operator's JetStream subjects instead of a webhook. */
export class JetstreamChannel1764100100000 implements MigrationInterface {
  name = 'JetstreamChannel1764100100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscription ADD COLUMN channel text NOT NULL DEFAULT 'webhook' CHECK (channel IN ('webhook', 'jetstream'))`);
    await q.query(`ALTER TABLE subscription ALTER COLUMN endpoint_id DROP NOT NULL`);
    await q.query(`ALTER TABLE subscription ADD CONSTRAINT subscription_channel_endpoint CHECK ((channel = 'webhook') = (endpoint_id IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM subscription WHERE channel = 'jetstream'`);
    await q.query(`ALTER TABLE subscription DROP CONSTRAINT subscription_channel_endpoint, DROP COLUMN channel, ALTER COLUMN endpoint_id SET NOT NULL`);
  }
}
