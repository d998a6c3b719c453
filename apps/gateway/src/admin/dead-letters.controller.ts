import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { listDeadLetters, manager } from '@pin/messaging/nats';
import { POLICIES } from '@pin/contracts';
import { Access } from '../auth/auth.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { GATEWAY_NATS } from '../services/services.module';

const query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

/** Events that exhausted their deliveries, newest first (admins investigate and replay them). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/dead-letters')
export class DeadLettersController {
  constructor(@Inject(GATEWAY_NATS) private readonly nc: NatsConnection) {}

  @Get()
  @Access(POLICIES.admin.operate)
  @ApiOperation({ summary: 'Lister les événements en lettre morte (admin)' })
  async list(@Query(new ZodPipe(query)) q: z.infer<typeof query>) {
    return listDeadLetters(await manager(this.nc), q.limit, q.before);
  }
}
