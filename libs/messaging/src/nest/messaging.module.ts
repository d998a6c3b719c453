import { DynamicModule, Global, Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { connectNats, type NatsEndpoint } from '../nats-connection';
import { Outbox } from '../outbox';
import { OutboxRelay } from '../outbox-relay';
import { EventConsumer, type ConsumerSpec } from '../event-consumer';
import { ensureDeadLetterStream, ensureStream, manager, type StreamDefinition } from '../streams';
import { MESSAGING_OPTIONS, NATS_CONNECTION } from './tokens';
import { RpcContextInterceptor } from '../rpc/rpc-context.interceptor';
import { RpcErrorFilter } from '../rpc/rpc-error.filter';

export interface MessagingModuleOptions {
  /** Service name: CloudEvents `source` is `pin/<service>`. */
  service: string;
  nats: NatsEndpoint;
  databaseUrl: string;
  /** Streams this service produces into (created or updated at boot). */
  streams: StreamDefinition[];
}

/** Registry through which feature modules declare their event consumers. */
@Injectable()
export class EventConsumers {
  private readonly specs: ConsumerSpec[] = [];
  readonly running: EventConsumer[] = [];
  register(spec: ConsumerSpec): void {
    this.specs.push(spec);
  }
  all(): readonly ConsumerSpec[] {
    return this.specs;
  }
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('Messaging');
  private relay?: OutboxRelay;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly consumers: EventConsumers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureStreams();
    const logFn = (level: 'info' | 'warn' | 'error', msg: string, extra?: object) => this.log[level === 'info' ? 'log' : level](msg, extra);
    this.relay = new OutboxRelay({ dataSource: this.dataSource, databaseUrl: this.options.databaseUrl, js: jetstream(this.nc), outbox: this.outbox, log: logFn });
    await this.relay.start();
    for (const spec of this.consumers.all()) {
      const c = new EventConsumer(this.nc, this.dataSource, spec, logFn);
      await c.start();
      this.consumers.running.push(c);
    }
    this.log.log(`relay started, ${this.consumers.running.length} consumer(s) started`);
  }

  /** JetStream may still be recovering at boot (or restarting): retry for up to ~30 s. */
  private async ensureStreams(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const jsm = await manager(this.nc);
        for (const s of this.options.streams) await ensureStream(jsm, s);
        await ensureDeadLetterStream(jsm);
        return;
      } catch (err) {
        if (attempt >= 30) throw err;
        this.log.warn(`JetStream not ready (${(err as Error).message}), retrying`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /** Before the database closes: finish the batches in flight, publish nothing half-way. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const c of this.consumers.running) await c.stop();
    await this.relay?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => undefined);
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NATS_CONNECTION,
          useFactory: () => connectNats({ ...options.nats, name: `${options.service}-events` }),
        },
        { provide: Outbox, inject: [DataSource], useFactory: (ds: DataSource) => new Outbox(ds, `pin/${options.service}`) },
        EventConsumers,
        MessagingLifecycle,
        // App-wide: request context and error bodies for every NATS request handler.
        { provide: APP_INTERCEPTOR, useClass: RpcContextInterceptor },
        { provide: APP_FILTER, useClass: RpcErrorFilter },
      ],
      exports: [NATS_CONNECTION, Outbox, EventConsumers, MESSAGING_OPTIONS],
    };
  }
}
