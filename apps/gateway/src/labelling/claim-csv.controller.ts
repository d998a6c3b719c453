import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { POLICIES, REQUESTS, rpc } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';

interface ClaimAnswer {
  id: string;
  mois: string;
  financeur: string;
  csv: string;
}

const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));

/** The monthly claim's CSV as a file for the funder (the labelling service draws it; the edge only sets the headers). */
@ApiTags('pass-numerique')
@ApiBearerAuth()
@Controller('api/v1/pass-numerique/demandes-remboursement')
export class ClaimCsvController {
  constructor(private readonly services: ServiceClient) {}

  @Get(':id/fichier.csv')
  @Access(POLICIES.labelling.passFunding)
  @ApiOperation({ summary: 'Le fichier CSV (séparateur « ; », UTF-8) d’une demande de remboursement, à transmettre au financeur' })
  @ApiProduces('text/csv')
  async csv(@Res() reply: FastifyReply, @Param('id', idParam) id: string) {
    const claim = await this.services.request<ClaimAnswer>(REQUESTS.labelling.claimCsv, rpc({ params: { id } }));
    const name = `pass-numerique-${claim.mois}-${claim.financeur}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').toLowerCase();
    return reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .header('cache-control', 'no-store')
      .send(claim.csv);
  }
}
