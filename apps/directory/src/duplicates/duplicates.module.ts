import { Module } from '@nestjs/common';
import { LieuxModule } from '../lieux/lieux.module';
import { DuplicatesHandler } from './duplicates.handler';
import { DuplicatesService } from './duplicates.service';

/** Review of the possible duplicates (doublons) that imports propose: never merged silently. */
@Module({
  imports: [LieuxModule],
  controllers: [DuplicatesHandler],
  providers: [DuplicatesService],
})
export class DuplicatesModule {}
