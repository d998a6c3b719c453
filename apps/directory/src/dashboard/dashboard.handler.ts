import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS } from '@pin/contracts';
import { caller } from '@pin/service-kit';
import { DashboardService } from './dashboard.service';

@Controller()
export class DashboardHandler {
  constructor(private readonly dashboard: DashboardService) {}

  @MessagePattern(REQUESTS.directory.dashboardGet)
  get() {
    return this.dashboard.get(caller());
  }
}
