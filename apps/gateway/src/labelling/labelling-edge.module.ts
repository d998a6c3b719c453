import { Module } from '@nestjs/common';
import { ClaimCsvController } from './claim-csv.controller';

/** Labelling routes whose edge does more than forward: the claim CSV as a file download. */
@Module({ controllers: [ClaimCsvController] })
export class LabellingEdgeModule {}
