import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { AnnouncementsService } from './announcements.service';

const R = REQUESTS.operators;

/** NATS request handlers of announcements. */
@Controller()
export class AnnouncementsHandler {
  constructor(private readonly announcements: AnnouncementsService) {}

  @MessagePattern(R.announcementPublish)
  publish(@Envelope() rpc: RpcEnvelope) {
    return this.announcements.publish(caller(), rpc);
  }

  @MessagePattern(R.announcementMine)
  mine() {
    return this.announcements.mine(caller());
  }

  /** The staff console: the announcements of the operator named in the path. */
  @MessagePattern(R.adminAnnouncementList)
  adminList(@Envelope() rpc: RpcEnvelope) {
    return this.announcements.mine(caller(), rpc, 'supervised');
  }

  @MessagePattern(R.announcementList)
  list() {
    return this.announcements.list(caller());
  }

  @MessagePattern(R.announcementAcknowledge)
  acknowledge(@Envelope() rpc: RpcEnvelope) {
    return this.announcements.acknowledge(caller(), rpc);
  }
}
