import { Module } from '@nestjs/common';
import { MandatesModule } from '../mandates/mandates.module';
import { AttestationsHandler } from './attestations.handler';
import { AttestationsService } from './attestations.service';

/** The mandate and revocation attestations (one-page PDFs with a verification QR code). */
@Module({ imports: [MandatesModule], controllers: [AttestationsHandler], providers: [AttestationsService] })
export class AttestationsModule {}
