export * from './mailbox.dto';
export * from './mailbox.events';
