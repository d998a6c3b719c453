import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { POLICIES, REQUESTS, rpc } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { selectedStructure } from '../routes/route-forwarder';
import { ServiceClient } from '../services/service-client';

interface PdfAnswer {
  filename: string;
  contentType: string;
  base64: string;
}

const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));
const letterQuery = z.strictObject({ structureId: z.uuid().optional() });

/** The mailbox letter (drawn by the mailbox service): address, provisional password, how to log in. */
@ApiTags('messagerie')
@ApiBearerAuth()
@Controller('api/v1/messageries')
export class MailboxLetterController {
  constructor(private readonly services: ServiceClient) {}

  @Get(':id/courrier.pdf')
  @Access(POLICIES.messagerie.manage)
  @ApiOperation({ summary: 'Courrier à remettre à la personne (PDF d’une page) : adresse, mot de passe provisoire, mode d’emploi ; jusqu’à ce qu’elle choisisse son mot de passe' })
  @ApiProduces('application/pdf')
  async letter(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', idParam) id: string, @Query(new ZodPipe(letterQuery)) q: z.infer<typeof letterQuery>) {
    const pdf = await this.services.request<PdfAnswer>(REQUESTS.mailbox.mailboxLetter, rpc({ params: { id }, structureId: selectedStructure(req, q) }));
    return reply
      .status(200)
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${pdf.filename.replace(/[^\w.-]/g, '_')}"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(pdf.base64, 'base64'));
  }
}
