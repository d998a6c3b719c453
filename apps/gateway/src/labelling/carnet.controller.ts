import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { passCarnetQuerySchema, POLICIES, REQUESTS, rpc } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';

interface CarnetAnswer {
  filename: string;
  base64: string;
  page: number;
  pages: number;
}

const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));

/** The printable carnet of a batch (the labelling service draws the PDF; the edge only sets the headers). */
@ApiTags('pass-numerique')
@ApiBearerAuth()
@Controller('api/v1/pass-numerique/lots')
export class CarnetController {
  constructor(private readonly services: ServiceClient) {}

  @Get(':id/carnet.pdf')
  @Access(POLICIES.labelling.manage)
  @ApiOperation({ summary: 'Le carnet imprimable d’un lot (PDF A4, 8 pass par feuille avec leur QR code) ; par fichiers de 200 pass : `?page=` (en-tête X-Pages : nombre de fichiers)' })
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1 }, description: 'Fichier de 200 pass à produire (1 par défaut)' })
  async carnet(@Res() reply: FastifyReply, @Param('id', idParam) id: string, @Query(new ZodPipe(passCarnetQuerySchema)) query: z.infer<typeof passCarnetQuerySchema>) {
    const pdf = await this.services.request<CarnetAnswer>(REQUESTS.labelling.passCarnet, rpc({ params: { id }, query }));
    return reply
      .status(200)
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${pdf.filename.replace(/[^\w.-]/g, '_')}"`)
      .header('cache-control', 'no-store')
      .header('x-pages', String(pdf.pages))
      .send(Buffer.from(pdf.base64, 'base64'));
  }
}
