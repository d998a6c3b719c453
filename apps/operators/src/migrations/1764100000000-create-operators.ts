import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOperators1764100000000 implements MigrationInterface {
  name = 'CreateOperators1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // An operator is a client-credentials client: `operator_id` is its client id (azp).
    await q.query(`
      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY,
        operator_id text NOT NULL,
        url text NOT NULL,
        description text,
        secret text NOT NULL,
        previous_secret text,
        previous_secret_until timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_endpoint_operator ON webhook_endpoint (operator_id)`);
    await q.query(`
      CREATE TABLE subscription (
        id uuid PRIMARY KEY,
        operator_id text NOT NULL,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
        types text[] NOT NULL,
        departements text[] NOT NULL DEFAULT '{}',
        epcis text[] NOT NULL DEFAULT '{}',
        communes text[] NOT NULL DEFAULT '{}',
        demarches text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX subscription_operator ON subscription (operator_id)`);
    // One delivery per (endpoint, event): its id is the webhook-id of every attempt and replay.
    await q.query(`
      CREATE TABLE delivery (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
        operator_id text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        subject text NOT NULL,
        event_time timestamptz NOT NULL,
        payload text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'abandoned')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (endpoint_id, event_id)
      )`);
    await q.query(`CREATE INDEX delivery_lane ON delivery (endpoint_id, subject, seq) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX delivery_endpoint_time ON delivery (endpoint_id, event_time, seq)`);
    await q.query(`
      CREATE TABLE delivery_attempt (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        error text,
        response_excerpt text
      )`);
    await q.query(`CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, id)`);
    // Projections: where lieux and structures are (INSEE code), from the directory's events.
    await q.query(`
      CREATE TABLE lieu_place (
        lieu_id uuid PRIMARY KEY,
        code_insee text,
        source_version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE structure_place (
        structure_id uuid PRIMARY KEY,
        code_insee text,
        source_version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE structure_place, lieu_place, delivery_attempt, delivery, subscription, webhook_endpoint');
  }
}
