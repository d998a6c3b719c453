import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PinError, REQUESTS } from '@pin/contracts';
import { requireRole } from '@pin/auth';
import { RequestContext } from '@pin/observability';
import { ScheduleWorker } from './schedule.worker';

const JOBS = { echeances: 'mandates.expiry.scan', purge: 'mandates.retention.purge' } as const;

/** Admin: run a scheduled scan now (the same code as the repeatable job) and list the schedulers. */
@Controller()
export class MaintenanceController {
  constructor(private readonly worker: ScheduleWorker) {}

  @MessagePattern(REQUESTS.mandates.maintenanceRun)
  async run(@Payload() p: { tache?: unknown }) {
    requireRole(RequestContext.get()?.user, 'admin');
    const job = JOBS[p?.tache as keyof typeof JOBS];
    if (!job) throw new PinError('REQUEST.INVALID', 'Tâche inconnue : « echeances » ou « purge ».');
    return { tache: p.tache, resultat: await this.worker.run(job), planifiees: await this.worker.schedulers() };
  }
}
