import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { referentiels } from '@pin/contracts';
import { Public } from '../auth/auth.decorators';

/** Vocabularies of the national standard, answered by the edge itself (static data from libs/contracts). */
@ApiTags('lieux')
@Controller('api/v1')
export class ReferentielsController {
  @Get('referentiels')
  @Public()
  @ApiOperation({ summary: 'Vocabulaires du standard (slug → libellé) pour les formulaires et les filtres' })
  referentiels() {
    return referentiels();
  }
}
