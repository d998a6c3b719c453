/**
 * BullMQ queue and job names with their payloads. The job map is the single source of truth:
 * a handler's payload type follows from the job name. Never change a value without a
 * migration plan (jobs already queued carry the old name).
 */
export const QUEUES = {
  directoryImport: 'pin-directory-import',
  test: 'pin-test',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobMap {
  'directory.import.lieux': { importId: string; format: 'v1.0.2-csv' | 'v0.1-csv' | 'v0.1-json'; fileKey: string };
  'test.echo': { value: string; failTimes?: number };
}
export type JobName = keyof JobMap;
export type JobData<N extends JobName> = JobMap[N];

export const JOB_QUEUE: { [N in JobName]: QueueName } = {
  'directory.import.lieux': QUEUES.directoryImport,
  'test.echo': QUEUES.test,
};
