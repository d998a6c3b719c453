import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { SearchService } from './search.service';

/** Public search requests (no role needed: the gateway route is public). Payloads are re-validated. */
@Controller()
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @MessagePattern(REQUESTS.directory.lieuSearch)
  lieux(@Payload() query: unknown) {
    return this.search.search(query);
  }

  @MessagePattern(REQUESTS.directory.communeSearch)
  communes(@Payload() query: unknown) {
    return this.search.searchCommunes(query);
  }
}
