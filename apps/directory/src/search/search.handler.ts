import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { Envelope } from '@pin/service-kit';
import { SearchService } from './search.service';

/** Public search requests (no role needed: the gateway route is public). Payloads are re-validated. */
@Controller()
export class SearchHandler {
  constructor(private readonly search: SearchService) {}

  @MessagePattern(REQUESTS.directory.lieuSearch)
  lieux(@Envelope() rpc: RpcEnvelope) {
    return this.search.search(rpc.query);
  }

  @MessagePattern(REQUESTS.directory.communeSearch)
  communes(@Envelope() rpc: RpcEnvelope) {
    return this.search.searchCommunes(rpc.query);
  }
}
