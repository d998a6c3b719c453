import { Readable } from 'node:stream';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { REQUESTS, rpc, type ExportFormat } from '@pin/contracts';
import { Public } from '../auth/auth.decorators';
import { ServiceClient } from '../services/service-client';

interface ExportPage {
  chunk: string;
  next: string | null;
  count: number;
}

/**
 * Open data exports of the active lieux, streamed: the gateway reads pages from the directory
 * (each well under NATS's 1 MB limit) and writes them as they come.
 */
@ApiTags('export')
@Controller('api/v1/export')
export class ExportsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('lieux.csv')
  @Public()
  @ApiOperation({ summary: 'Lieux au standard national v1.0.2 (CSV, valeurs multiples séparées par « | »)' })
  @ApiProduces('text/csv')
  csv(@Res() reply: FastifyReply) {
    return this.stream(reply, 'v1.0.2-csv', 'text/csv; charset=utf-8', 'lieux-mediation-numerique.csv');
  }

  @Get('lieux.json')
  @Public()
  @ApiOperation({ summary: 'Lieux au standard national v1.0.2 (JSON : tableau d’objets aux colonnes du standard)' })
  json(@Res() reply: FastifyReply) {
    return this.stream(reply, 'v1.0.2-json', 'application/json; charset=utf-8', 'lieux-mediation-numerique.json');
  }

  @Get('data-inclusion/structures.json')
  @Public()
  @ApiOperation({ summary: 'Lieux en structures data·inclusion v1' })
  structures(@Res() reply: FastifyReply) {
    return this.stream(reply, 'data-inclusion-structures', 'application/json; charset=utf-8', 'structures.json');
  }

  @Get('data-inclusion/services.json')
  @Public()
  @ApiOperation({ summary: 'Services des lieux en services data·inclusion v1' })
  dataInclusionServices(@Res() reply: FastifyReply) {
    return this.stream(reply, 'data-inclusion-services', 'application/json; charset=utf-8', 'services.json');
  }

  private async stream(reply: FastifyReply, format: ExportFormat, contentType: string, filename: string): Promise<void> {
    // The first page is read before answering: a failure is still a clean JSON error.
    const first = await this.services.request<ExportPage>(REQUESTS.directory.exportPage, rpc({ query: { format } }));
    const json = format !== 'v1.0.2-csv';
    const services = this.services;
    async function* body() {
      let page = first;
      let written = false;
      if (json) yield '[';
      for (;;) {
        if (page.chunk) {
          yield json && written ? `,${page.chunk}` : page.chunk;
          written = true;
        }
        if (!page.next) break;
        page = await services.request<ExportPage>(REQUESTS.directory.exportPage, rpc({ query: { format, after: page.next } }));
      }
      if (json) yield ']';
    }
    await reply
      .header('content-type', contentType)
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'public, max-age=300')
      .send(Readable.from(body()));
  }
}
