import 'reflect-metadata';
import { runService } from '@pin/service-kit';
import { configSchema } from './config/config.schema';
import { AppModule, SERVICE } from './app.module';

runService({ service: SERVICE, configSchema, module: (config) => AppModule.forRoot(config) });
