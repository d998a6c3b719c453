import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config/config.schema';
import { SITE_CSS, SITE_IDENTITY, SiteController } from './site.controller';
import { siteCss, siteIdentity } from './site-identity';

@Module({})
export class SiteModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const identity = siteIdentity(config);
    return {
      module: SiteModule,
      controllers: [SiteController],
      providers: [
        { provide: SITE_IDENTITY, useValue: identity },
        { provide: SITE_CSS, useValue: siteCss(identity) },
      ],
    };
  }
}
