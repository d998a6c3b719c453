import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateMailbox1766000000000 } from './1766000000000-create-mailbox';

export const migrations = [MessagingTables1763900000000, CreateMailbox1766000000000];
