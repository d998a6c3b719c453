import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parsePayload } from '@pin/contracts';

/** Validates a body, query or param of a hand-written route with the same rule as the declared ones (`parsePayload`). */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}
  transform(value: unknown): z.infer<S> {
    return parsePayload(this.schema, value);
  }
}
