import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/** Event types are `pin.<service>.<aggregate>.<event>.v<N>`; a published name is never renamed. */
export const EVENT_TYPE_PATTERN = /^pin\.[a-z][a-z-]*\.[a-z][a-z-]*\.[a-z][a-z-]*\.v[1-9][0-9]*$/;

/** CloudEvents 1.0, structured JSON mode, plus the `correlationid` extension. */
export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  source: z.string().min(1),
  type: z.string().regex(EVENT_TYPE_PATTERN),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  correlationid: z.string().min(1),
  data: z.unknown(),
});

export type CloudEvent<T = unknown> = Omit<z.infer<typeof cloudEventSchema>, 'data'> & { data: T };

/** An event type bound to the zod schema of its payload. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly schema: S;
}

export function defineEvent<S extends z.ZodType>(type: string, schema: S): EventDefinition<S> {
  if (!EVENT_TYPE_PATTERN.test(type)) throw new Error(`Invalid event type: ${type}`);
  return { type, schema };
}

export type EventData<D extends EventDefinition> = z.infer<D['schema']>;

export interface NewEvent<D extends EventDefinition> {
  source: string;
  subject: string;
  data: EventData<D>;
  correlationId: string;
  id?: string;
  time?: Date;
}

/**
 * Builds a validated CloudEvent: a payload that does not match its schema never leaves a service.
 * The default id is a UUIDv7 (RFC 9562: a millisecond timestamp, then random bits): still a unique
 * uuid string, but time-ordered, so that the outbox's primary key and the inbox's
 * `(consumer, event_id)` key take new entries at the right edge of their B-trees instead of on a
 * random page each. Nothing may read meaning into an id (order comes from the stream, time from
 * `time`): it is only an identity for deduplication.
 */
export function createEvent<D extends EventDefinition>(definition: D, input: NewEvent<D>): CloudEvent<EventData<D>> {
  const event = {
    specversion: '1.0' as const,
    id: input.id ?? uuidv7(),
    source: input.source,
    type: definition.type,
    time: (input.time ?? new Date()).toISOString(),
    subject: input.subject,
    datacontenttype: 'application/json' as const,
    correlationid: input.correlationId,
    data: definition.schema.parse(input.data) as EventData<D>,
  };
  cloudEventSchema.parse(event);
  return event;
}

/** Parses an incoming envelope and its payload; throws a ZodError on a poison message. */
export function parseEvent<D extends EventDefinition>(definition: D, raw: unknown): CloudEvent<EventData<D>> {
  const envelope = cloudEventSchema.parse(raw);
  if (envelope.type !== definition.type) {
    throw new Error(`Expected event type ${definition.type}, got ${envelope.type}`);
  }
  return { ...envelope, data: definition.schema.parse(envelope.data) as EventData<D> };
}
