import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { POLICIES, REQUESTS, rpc } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { ServiceClient } from '../services/service-client';

export const TRAINING_PUBLIC_URL = Symbol('TRAINING_PUBLIC_URL');

const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));

/** Files of the training service: the printed attestation (PDF) and a registration's calendar (.ics). */
@ApiTags('formations')
@ApiBearerAuth()
@Controller('api/v1/formations')
export class TrainingFilesController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(TRAINING_PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  @Get('attestations/:id/attestation.pdf')
  @Access(POLICIES.formation.register)
  @ApiOperation({ summary: 'Attestation de formation imprimable (PDF, une page ; titulaire, référent de sa structure, animateur)' })
  @ApiProduces('application/pdf')
  async attestation(@Res() reply: FastifyReply, @Param('id', idParam) id: string) {
    const pdf = await this.services.request<{ filename: string; base64: string }>(REQUESTS.training.attestationPdf, rpc({ params: { id }, body: { publicUrl: this.publicUrl } }));
    return reply
      .status(200)
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${pdf.filename.replace(/[^\w.-]/g, '_')}"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(pdf.base64, 'base64'));
  }

  @Get('inscriptions/:id/calendrier.ics')
  @Access(POLICIES.formation.register)
  @ApiOperation({ summary: 'Fichier agenda d’une inscription (text/calendar, RFC 5545), à ouvrir dans son agenda' })
  @ApiProduces('text/calendar')
  async calendar(@Res() reply: FastifyReply, @Param('id', idParam) id: string) {
    const cal = await this.services.request<{ nomFichier: string; contenu: string }>(REQUESTS.training.registrationCalendar, rpc({ params: { id } }));
    return reply
      .status(200)
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${cal.nomFichier.replace(/[^\w.-]/g, '_')}"`)
      .header('cache-control', 'no-store')
      .send(cal.contenu);
  }
}
