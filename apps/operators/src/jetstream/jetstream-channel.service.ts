import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type ConsumerConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import {
  jetstreamReplaySchema, OPERATOR_ID_PATTERN, operatorConsumerName, operatorDeliverPrefix, parsePayload, PinError, STREAMS, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { ensureStream, isNotFound, manager, NATS_CONNECTION } from '@pin/messaging';
import { callingOperator } from '../operator/operator.policy';

/**
 * The JetStream channel: PIN_OPERATORS holds each operator's matching events under
 * `pin.operators.deliver.<operatorId>.<type>` (written through the outbox in the intake
 * transaction); one durable pull consumer per operator (`operator-<operatorId>`), created by this
 * service, is what the operator's NATS user may read (deploy/nats/accounts.conf). Replay recreates
 * the durable consumer from a time or a stream sequence.
 */
@Injectable()
export class JetstreamChannel implements OnApplicationBootstrap {
  private readonly logger = new Logger('JetstreamChannel');

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly ds: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const rows: { operator_id: string }[] = await this.ds.query(`SELECT DISTINCT operator_id FROM subscription WHERE channel = 'jetstream'`);
    for (const r of rows) await this.ensureConsumer(r.operator_id).catch((err: Error) => this.logger.warn(`consumer of ${r.operator_id}: ${err.message}`));
  }

  /** Creates the operator's durable consumer if missing; with `start`, recreates it from there. */
  async ensureConsumer(operatorId: string, start?: { time?: string; sequence?: number }): Promise<void> {
    if (!OPERATOR_ID_PATTERN.test(operatorId)) throw new PinError('OPERATEUR.CLIENT_REQUIRED', 'Identifiant de client inutilisable comme sujet NATS.');
    const jsm = await manager(this.nc);
    await ensureStream(jsm, STREAMS.operators);
    const name = operatorConsumerName(operatorId);
    try {
      await jsm.consumers.info(STREAMS.operators.name, name);
      if (!start) return;
      await jsm.consumers.delete(STREAMS.operators.name, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const config: Partial<ConsumerConfig> = {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      filter_subject: `${operatorDeliverPrefix(operatorId)}.>`,
      ack_wait: nanos(30_000),
      max_ack_pending: 1_000,
      deliver_policy: start?.sequence ? DeliverPolicy.StartSequence : start?.time ? DeliverPolicy.StartTime : DeliverPolicy.All,
      ...(start?.sequence ? { opt_start_seq: start.sequence } : {}),
      ...(start?.time ? { opt_start_time: new Date(start.time).toISOString() } : {}),
    };
    try {
      await jsm.consumers.add(STREAMS.operators.name, config);
    } catch (err) {
      // Another replica created it in between: fine.
      if (!/already in use|already exists/i.test((err as Error).message)) throw err;
    }
  }

  async describe(user: UserContext | undefined) {
    const { operatorId } = callingOperator(user);
    await this.ensureConsumer(operatorId);
    const info = await (await manager(this.nc)).consumers.info(STREAMS.operators.name, operatorConsumerName(operatorId));
    return {
      flux: STREAMS.operators.name,
      sujets: `${operatorDeliverPrefix(operatorId)}.>`,
      consommateur: info.name,
      en_attente: info.num_pending,
      non_acquittes: info.num_ack_pending,
      derniere_sequence_livree: info.delivered.stream_seq,
    };
  }

  async replay(user: UserContext | undefined, rpc: RpcEnvelope) {
    const { operatorId } = callingOperator(user);
    const body = parsePayload(jetstreamReplaySchema, rpc.body);
    await this.ensureConsumer(operatorId, { time: body.depuis, sequence: body.sequence });
    return { consommateur: operatorConsumerName(operatorId), ...(body.depuis ? { depuis: body.depuis } : { sequence: body.sequence }) };
  }
}
