import { Module, type DynamicModule } from '@nestjs/common';
import { STREAMS } from '@pin/contracts';
import { ServiceKit } from '@pin/service-kit';
import type { MandatesConfig } from './config/config.schema';
import { migrations } from './migrations';
import { AttestationsModule } from './attestation/attestations.module';
import { AuthorizationModule } from './authorization/authorization.module';
import { HabilitationSettingsModule } from './habilitations/habilitation-settings';
import { HabilitationsModule } from './habilitations/habilitations.module';
import { JournalReadingModule } from './journal/journal-reading.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MandatesModule } from './mandates/mandates.module';
import { KnownStructure } from './projections/known-structures/known-structure.entity';
import { KnownStructuresModule } from './projections/known-structures/known-structures.module';
import { TrainingCertificationsModule } from './projections/training-certifications/training-certifications.module';
import { LabellingCharterModule } from './projections/labelling-charter/labelling-charter.module';
import { MembersModule } from './members/members.module';
import { UsagersModule } from './usagers/usagers.module';
import { WorkspaceModule } from './workspace/workspace.module';

export const SERVICE = 'mandates';

/** Usagers, habilitations, mandates, attestations, the authorization check, the journal and the scheduled scans. */
@Module({})
export class AppModule {
  static forRoot(config: MandatesConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKit.forRoot({ service: SERVICE, config, entities: [KnownStructure], migrations, streams: [STREAMS.mandates] }),
        KnownStructuresModule,
        TrainingCertificationsModule,
        LabellingCharterModule,
        MembersModule,
        UsagersModule,
        HabilitationSettingsModule.forRoot(config),
        HabilitationsModule,
        MandatesModule,
        AttestationsModule,
        JournalReadingModule,
        AuthorizationModule,
        WorkspaceModule,
        MaintenanceModule.forRoot(config),
      ],
    };
  }
}
