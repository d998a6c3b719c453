import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a body, query or param at the edge; a ZodError becomes a 400 with details. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}
  transform(value: unknown): z.infer<S> {
    return this.schema.parse(value);
  }
}
