import { applyDecorators, Controller, Get, Query, Res, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  parseLieuSearchQuery, REQUESTS, rpc, SEARCH_FILTERS, SEARCH_FILTER_NAMES, SEARCH_MAX_PAGE_SIZE,
  type LieuSearchQuery, type LieuSearchReply, type LieuSearchResult,
} from '@pin/contracts';
import { Public } from '../auth/auth.decorators';
import { ServiceClient } from '../services/service-client';

/** Validates the search query at the edge with the stable SEARCH.* codes (the directory checks it again). */
class SearchQueryPipe implements PipeTransform<unknown, LieuSearchQuery> {
  transform(value: unknown): LieuSearchQuery {
    return parseLieuSearchQuery(value);
  }
}

/** Swagger documentation of the filter parameters. */
const FilterQueries = () => applyDecorators(...SEARCH_FILTER_NAMES.map((name) =>
  ApiQuery({
    name, required: false, type: String,
    description: SEARCH_FILTERS[name].vocabulary
      ? `Slugs séparés par des virgules (l'un ou l'autre) : ${SEARCH_FILTERS[name].vocabulary.join(', ')}`
      : name === 'label_reseau'
        ? 'Labels accordés par le réseau (voir GET /api/v1/labellisation/programmes) : programme (pin-territorial, aptic…) ou programme-niveau (pin-territorial-accompagnement)'
        : 'Slugs de démarches séparés par des virgules (voir GET /api/v1/demarches)',
  }),
));

/** Public search of lieux (no login): hand-written because the edge adds the directory's timing header. */
@ApiTags('recherche')
@Controller('api/v1')
export class SearchController {
  constructor(private readonly services: ServiceClient) {}

  @Get('lieux')
  @Public()
  @ApiOperation({
    summary: 'Rechercher des lieux (public)',
    description: 'Texte (nom, commune ; accents ignorés), filtres (valeurs d’un même filtre : l’une ou l’autre ; filtres cumulés), commune (INSEE) ou EPCI (SIREN), '
      + 'plus proches d’un point (lat, lon ; distance_m en mètres), zone (bbox=minLon,minLat,maxLon,maxLat), ouvert=maintenant ou ouvert_le=AAAA-MM-JJTHH:mm (heure de Paris). '
      + `Pagination : page, pageSize ≤ ${SEARCH_MAX_PAGE_SIZE}. Erreurs 400 : SEARCH.UNKNOWN_FILTER, SEARCH.INVALID_COORDINATES, SEARCH.INVALID_PAGINATION, SEARCH.INVALID_TIME.`,
  })
  @FilterQueries()
  @ApiQuery({ name: 'q', required: false, type: String })
  @ApiQuery({ name: 'commune', required: false, type: String, description: 'Code INSEE' })
  @ApiQuery({ name: 'epci', required: false, type: String, description: 'SIREN de l’EPCI' })
  @ApiQuery({ name: 'lat', required: false, type: Number })
  @ApiQuery({ name: 'lon', required: false, type: Number })
  @ApiQuery({ name: 'bbox', required: false, type: String })
  @ApiQuery({ name: 'ouvert', required: false, enum: ['maintenant'] })
  @ApiQuery({ name: 'ouvert_le', required: false, type: String, example: '2026-12-24T10:00' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  async search(@Query(new SearchQueryPipe()) query: LieuSearchQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<LieuSearchResult> {
    const { timing, ...result } = await this.services.request<LieuSearchReply>(REQUESTS.directory.lieuSearch, rpc({ query }));
    // The directory's own processing time, for monitoring and the benchmark.
    if (timing) void reply.header('server-timing', `search;desc="directory";dur=${timing.search_ms}`);
    return result;
  }
}
