import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { PiecesService } from './pieces.service';

/** Removal carries no file: an ordinary request. Uploads and downloads go through `PiecesEdgeServer`. */
@Controller()
export class PiecesHandler {
  constructor(private readonly pieces: PiecesService) {}

  @MessagePattern(REQUESTS.labelling.dossierPieceRemove)
  remove(@Envelope() rpc: RpcEnvelope) {
    return this.pieces.remove(caller(), rpc);
  }
}
