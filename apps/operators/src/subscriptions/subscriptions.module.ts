import { Module } from '@nestjs/common';
import { SubscriptionsHandler } from './subscriptions.handler';
import { SubscriptionsService } from './subscriptions.service';

/** Subscriptions: which event types, which territory, to which webhook endpoint. */
@Module({ controllers: [SubscriptionsHandler], providers: [SubscriptionsService] })
export class SubscriptionsModule {}
