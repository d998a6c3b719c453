import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { JournalReadingService } from './journal-reading.service';

/** NATS request handlers of the journal. */
@Controller()
export class JournalHandler {
  constructor(private readonly reading: JournalReadingService) {}

  @MessagePattern(REQUESTS.mandates.myJournal)
  mine() {
    return this.reading.mine(caller());
  }

  @MessagePattern(REQUESTS.mandates.usagerJournal)
  ofUsager(@Envelope() rpc: RpcEnvelope) {
    return this.reading.ofUsager(caller(), rpc);
  }

  @MessagePattern(REQUESTS.mandates.journalVerify)
  verify() {
    return this.reading.verify(caller());
  }
}
