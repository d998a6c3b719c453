/**
 * JetStream streams: one per producing service, capturing `pin.<service>.>`.
 * Request/reply subjects live under `pin.rpc.>` so that no stream ever captures a request
 * (a stream would answer it with a PubAck). Never change a value without a migration plan.
 */
export const STREAMS = {
  directory: { name: 'PIN_DIRECTORY', subjects: ['pin.directory.>'] },
  mandates: { name: 'PIN_MANDATES', subjects: ['pin.mandates.>'] },
  operators: { name: 'PIN_OPERATORS', subjects: ['pin.operators.>'] },
  training: { name: 'PIN_TRAINING', subjects: ['pin.training.>'] },
  safe: { name: 'PIN_SAFE', subjects: ['pin.safe.>'] },
  labelling: { name: 'PIN_LABELLING', subjects: ['pin.labelling.>'] },
  mailbox: { name: 'PIN_MAILBOX', subjects: ['pin.mailbox.>'] },
  /** Test and benchmark traffic, never used by production code. */
  test: { name: 'PIN_TEST', subjects: ['pin.test.>'] },
} as const;

/** Messages that exhausted their deliveries, one subject per consumer: `pin.deadletter.<consumer>`. */
export const DEAD_LETTER_STREAM = { name: 'PIN_DEADLETTER', subjects: ['pin.deadletter.>'] } as const;

export const deadLetterSubject = (consumer: string) => `pin.deadletter.${consumer}`;

/** Headers set on every NATS message PIN sends. */
export const HEADERS = {
  correlationId: 'pin-correlation-id',
  /** base64url(JSON) of the verified user context, set by the gateway only. */
  user: 'pin-user',
  deadLetter: {
    originalSubject: 'pin-dl-subject',
    consumer: 'pin-dl-consumer',
    deliveries: 'pin-dl-deliveries',
    error: 'pin-dl-error',
    streamSequence: 'pin-dl-stream-seq',
    failedAt: 'pin-dl-failed-at',
  },
} as const;
