import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { parsePayload, POLICIES, REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { caller, Envelope } from '@pin/service-kit';
import { z } from 'zod';
import { ScheduleWorker } from './schedule.worker';

const JOBS = { echeances: 'mandates.expiry.scan', purge: 'mandates.retention.purge' } as const;
const taskSchema = z.enum(['echeances', 'purge'], { message: 'Tâche inconnue : « echeances » ou « purge ».' });

/** Admin: run a scheduled scan now (the same code as the repeatable job) and list the schedulers. */
@Controller()
export class MaintenanceHandler {
  constructor(private readonly worker: ScheduleWorker) {}

  @MessagePattern(REQUESTS.mandates.maintenanceRun)
  async run(@Envelope() rpc: RpcEnvelope) {
    requirePolicy(caller(), POLICIES.admin.operate);
    const tache = parsePayload(taskSchema, rpc.params.tache);
    return { tache, resultat: await this.worker.run(JOBS[tache]), planifiees: await this.worker.schedulers() };
  }
}
