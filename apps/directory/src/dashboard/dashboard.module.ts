import { Module, type DynamicModule } from '@nestjs/common';
import { DashboardHandler } from './dashboard.handler';
import { DashboardService } from './dashboard.service';

/** The directory's dashboard (animateurs: the network; référents: their structures). */
@Module({})
export class DashboardModule {
  /** `imports`: the ImportsModule instance of the app (it provides ImportService). */
  static forRoot(imports: DynamicModule): DynamicModule {
    return { module: DashboardModule, imports: [imports], controllers: [DashboardHandler], providers: [DashboardService] };
  }
}
