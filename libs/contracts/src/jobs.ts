/**
 * BullMQ queue and job names with their payloads. The job map is the single source of truth:
 * a handler's payload type follows from the job name. Never change a value without a
 * migration plan (jobs already queued carry the old name).
 */
export const QUEUES = {
  directoryImport: 'pin-directory-import',
  /** Repeatable scans of the mandates service (expiry notices, expiry events, retention purge). */
  mandatesSchedule: 'pin-mandates-schedule',
  /** Webhook deliveries of the operators service: one job per (endpoint, subject) lane, in order. */
  operatorsWebhooks: 'pin-operators-webhooks',
  /** Repeatable scans of the operators service (purge of closed orientations' personal data). */
  operatorsSchedule: 'pin-operators-schedule',
  /** Repeatable scans of the training service (reminders before sessions, retention purge of the stored diagnostics). */
  trainingSchedule: 'pin-training-schedule',
  /** Repeatable scans of the labelling service (label expiry reminders and expiry, pass expiry). */
  labellingSchedule: 'pin-labelling-schedule',
  /** Provisioning of mailboxes into the mail server (one job per request, jobId = request id). */
  mailboxProvision: 'pin-mailbox-provision',
  /** Repeatable sweep of the mailbox service (due scheduled deletions, requests whose job was lost). */
  mailboxSchedule: 'pin-mailbox-schedule',
  /** Repeatable scans of the safe service (expiry reminders of documents, orphaned objects sweep, due closures). */
  safeSchedule: 'pin-safe-schedule',
  test: 'pin-test',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobMap {
  'directory.import.lieux': { importId: string; format: 'auto' | 'v1.0.2-csv' | 'v1.0.2-json' | 'v0.1-csv' | 'v0.1-json'; fileKey: string };
  'test.echo': { value: string; failTimes?: number };
  'mandates.expiry.scan': Record<string, never>;
  'mandates.retention.purge': Record<string, never>;
  'operators.webhook.lane': { webhookId: string; subject: string };
  'operators.orientations.purge': Record<string, never>;
  'training.diagnostics.purge': Record<string, never>;
  'training.reminders.scan': Record<string, never>;
  'labelling.expiry.scan': Record<string, never>;
  'mailbox.provision': { requestId: string };
  'mailbox.requests.sweep': Record<string, never>;
  'safe.expiry.scan': Record<string, never>;
  'safe.orphans.sweep': Record<string, never>;
  'safe.closures.run': Record<string, never>;
}
export type JobName = keyof JobMap;
export type JobData<N extends JobName> = JobMap[N];

export const JOB_QUEUE: { [N in JobName]: QueueName } = {
  'directory.import.lieux': QUEUES.directoryImport,
  'test.echo': QUEUES.test,
  'mandates.expiry.scan': QUEUES.mandatesSchedule,
  'mandates.retention.purge': QUEUES.mandatesSchedule,
  'operators.webhook.lane': QUEUES.operatorsWebhooks,
  'operators.orientations.purge': QUEUES.operatorsSchedule,
  'training.diagnostics.purge': QUEUES.trainingSchedule,
  'training.reminders.scan': QUEUES.trainingSchedule,
  'labelling.expiry.scan': QUEUES.labellingSchedule,
  'mailbox.provision': QUEUES.mailboxProvision,
  'mailbox.requests.sweep': QUEUES.mailboxSchedule,
  'safe.expiry.scan': QUEUES.safeSchedule,
  'safe.orphans.sweep': QUEUES.safeSchedule,
  'safe.closures.run': QUEUES.safeSchedule,
};
