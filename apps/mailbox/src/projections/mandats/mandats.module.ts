import { Module } from '@nestjs/common';
import { MandatsConsumer } from './mandats.consumer';

/** Projection of the mandates service's mandate events (durable `mailbox-mandats`). */
@Module({ providers: [MandatsConsumer] })
export class MandatsProjectionModule {}
