import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { POLICIES, REQUESTS, rpc } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { selectedStructure } from '../routes/route-forwarder';
import { ServiceClient } from '../services/service-client';

export const MANDATES_PUBLIC_URL = Symbol('MANDATES_PUBLIC_URL');

interface PdfAnswer {
  filename: string;
  contentType: string;
  base64: string;
}

const idParam = new ZodPipe(z.uuid({ message: 'Identifiant invalide.' }));
/** The claim code is accepted in the body only: in a URL it would land in history and access logs. */
const attestationQuery = z.strictObject({ structureId: z.uuid().optional() });
const attestationBody = attestationQuery.extend({ code: z.string().max(20).optional() });

/** Printable attestations (drawn by the mandates service), one page of PDF each. */
@ApiTags('mandats')
@ApiBearerAuth()
@Controller('api/v1/mandats')
export class AttestationsController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(MANDATES_PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  @Get(':id/attestation.pdf')
  @Access(POLICIES.mandat.attestation)
  @ApiOperation({ summary: 'Attestation de mandat (PDF), sans code de réclamation (le code ne passe jamais dans une URL : voir POST)' })
  @ApiProduces('application/pdf')
  async mandat(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', idParam) id: string, @Query(new ZodPipe(attestationQuery)) q: z.infer<typeof attestationQuery>) {
    const pdf = await this.services.request<PdfAnswer>(REQUESTS.mandates.attestationMandat, rpc({ params: { id }, body: { publicUrl: this.publicUrl }, structureId: selectedStructure(req, q) }));
    return send(reply, pdf);
  }

  /** Same, with the claim code in the body: a code in a URL would end up in access logs. */
  @Post(':id/attestation.pdf')
  @HttpCode(200)
  @Access(POLICIES.mandat.attestation)
  @ApiOperation({ summary: 'Attestation de mandat (PDF) imprimant le code de réclamation reçu à la création, donné dans le corps `{code}`' })
  @ApiProduces('application/pdf')
  async mandatWithCode(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', idParam) id: string, @Body(new ZodPipe(attestationBody)) body: z.infer<typeof attestationBody>) {
    const pdf = await this.services.request<PdfAnswer>(REQUESTS.mandates.attestationMandat, rpc({ params: { id }, body: { code: body.code, publicUrl: this.publicUrl }, structureId: selectedStructure(req, body) }));
    return send(reply, pdf);
  }

  @Get(':id/revocation.pdf')
  @Access(POLICIES.mandat.revocationAttestation)
  @ApiOperation({ summary: 'Attestation de révocation (PDF)' })
  @ApiProduces('application/pdf')
  async revocation(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('id', idParam) id: string, @Query(new ZodPipe(attestationQuery)) q: z.infer<typeof attestationQuery>) {
    const pdf = await this.services.request<PdfAnswer>(REQUESTS.mandates.attestationRevocation, rpc({ params: { id }, body: { publicUrl: this.publicUrl }, structureId: selectedStructure(req, q) }));
    return send(reply, pdf);
  }
}

function send(reply: FastifyReply, pdf: PdfAnswer) {
  return reply
    .status(200)
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${pdf.filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(pdf.base64, 'base64'));
}
