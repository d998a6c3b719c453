import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats, natsConnectionOptions, natsEndpoint } from '@pin/messaging/nats';
import type { GatewayConfig } from '../config/config.schema';
import { REQUEST_TIMEOUT_MS, SERVICES_CLIENT, ServiceClient } from './service-client';

export const GATEWAY_NATS = Symbol('GATEWAY_NATS');

@Injectable()
class NatsCloser implements OnApplicationShutdown {
  constructor(@Inject(GATEWAY_NATS) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}

/** NATS request/reply client to the services, and a plain connection for JetStream admin reads. */
@Global()
@Module({})
export class ServicesModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: ServicesModule,
      imports: [
        ClientsModule.register([
          {
            name: SERVICES_CLIENT,
            transport: Transport.NATS,
            options: natsConnectionOptions({ ...natsEndpoint(config), name: 'gateway-rpc' }),
          },
        ]),
      ],
      providers: [
        { provide: REQUEST_TIMEOUT_MS, useValue: config.NATS_REQUEST_TIMEOUT_MS },
        { provide: GATEWAY_NATS, useFactory: () => connectNats({ ...natsEndpoint(config), name: 'gateway-admin' }) },
        ServiceClient,
        NatsCloser,
      ],
      exports: [ServiceClient, GATEWAY_NATS],
    };
  }
}
