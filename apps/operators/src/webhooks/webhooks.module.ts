import { Module } from '@nestjs/common';
import { AdminHandler } from '../admin/admin.handler';
import { DeliveryWorker } from './delivery.worker';
import { WebhooksHandler } from './webhooks.handler';
import { WebhooksService } from './webhooks.service';

/** Webhook endpoints (Standard Webhooks), their deliveries, attempt logs and replays, and the delivery worker. */
@Module({ controllers: [WebhooksHandler, AdminHandler], providers: [WebhooksService, DeliveryWorker], exports: [DeliveryWorker] })
export class WebhooksModule {}
