import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config/config.schema';
import { ConfigPublicController, PUBLIC_CONFIG, type PublicConfig } from './config-public.controller';

@Module({})
export class ConfigPublicModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const value: PublicConfig = {
      carte: { tuiles: config.MAP_TILE_URL === '' ? null : config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION },
    };
    return { module: ConfigPublicModule, controllers: [ConfigPublicController], providers: [{ provide: PUBLIC_CONFIG, useValue: value }] };
  }
}
