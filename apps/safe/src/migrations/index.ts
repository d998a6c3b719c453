import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateSafe1765100000000 } from './1765100000000-create-safe';

/** Every migration of the safe database, in order. A migration that has run is never edited. */
export const migrations = [MessagingTables1763900000000, CreateSafe1765100000000];
