import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';

export const PUBLIC_CONFIG = Symbol('PUBLIC_CONFIG');

/** What the web app needs to know about this deployment (no secret here: it is public). */
export interface PublicConfig {
  carte: {
    /** Leaflet tile URL template, or null for a map without background tiles. */
    tuiles: string | null;
    attribution: string;
  };
}

@ApiTags('configuration')
@Controller('api/v1/config')
export class ConfigPublicController {
  constructor(@Inject(PUBLIC_CONFIG) private readonly config: PublicConfig) {}

  @Get('public')
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'Configuration publique de l’application web (fond de carte)' })
  get(): PublicConfig {
    return this.config;
  }
}
