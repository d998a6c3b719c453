import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import type { SiteIdentity } from './site-identity';

export const SITE_IDENTITY = Symbol('SITE_IDENTITY');
export const SITE_CSS = Symbol('SITE_CSS');

/** The Département's identity (name, logo, colours) from configuration, for the web app. */
@ApiTags('configuration')
@Controller()
export class SiteController {
  constructor(
    @Inject(SITE_IDENTITY) private readonly identity: SiteIdentity,
    @Inject(SITE_CSS) private readonly css: string,
  ) {}

  @Get('api/v1/site')
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'Identité du site : nom du Département, nom court, logo, couleurs (public)' })
  get(): SiteIdentity {
    return this.identity;
  }

  @Get('site.css')
  @Public()
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiProduces('text/css')
  @ApiOperation({ summary: 'Couleurs du Département en variables CSS (--couleur-primaire, --couleur-accent)' })
  stylesheet(): string {
    return this.css;
  }
}
