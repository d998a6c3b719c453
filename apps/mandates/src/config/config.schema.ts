import { z } from 'zod';
import { serviceConfigSchema } from '@pin/config';

export const configSchema = serviceConfigSchema.extend({});

export type MandatesConfig = z.infer<typeof configSchema>;
