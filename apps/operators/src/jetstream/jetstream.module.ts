import { Global, Module } from '@nestjs/common';
import { JetstreamChannel } from './jetstream-channel.service';
import { JetstreamHandler } from './jetstream.handler';

/** The operators' JetStream channel (stream PIN_OPERATORS, one durable consumer per operator). */
@Global()
@Module({ controllers: [JetstreamHandler], providers: [JetstreamChannel], exports: [JetstreamChannel] })
export class JetstreamModule {}
