import { Module } from '@nestjs/common';
import { LieuxModule } from '../lieux/lieux.module';
import { DuplicatesController } from './duplicates.controller';
import { DuplicatesService } from './duplicates.service';

/** Review of the possible duplicates (doublons) that imports propose: never merged silently. */
@Module({
  imports: [LieuxModule],
  controllers: [DuplicatesController],
  providers: [DuplicatesService],
})
export class DuplicatesModule {}
