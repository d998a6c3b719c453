import { Module } from '@nestjs/common';
import { PixHandler } from './pix.handler';
import { PixService } from './pix.service';

/** PIX results recorded by referents with proof. */
@Module({ controllers: [PixHandler], providers: [PixService] })
export class PixModule {}
