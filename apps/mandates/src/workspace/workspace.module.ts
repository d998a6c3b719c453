import { Module } from '@nestjs/common';
import { MandatesModule } from '../mandates/mandates.module';
import { MembersModule } from '../members/members.module';
import { WorkspaceHandler } from './workspace.handler';
import { WorkspaceRepository } from './workspace.repository';
import { WorkspaceService } from './workspace.service';

/** `GET /espace`: the caller's working-space summary for the web app's home page. */
@Module({
  imports: [MandatesModule, MembersModule],
  controllers: [WorkspaceHandler],
  providers: [WorkspaceService, WorkspaceRepository],
})
export class WorkspaceModule {}
