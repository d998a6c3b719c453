import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateSafe1765100000000 } from './1765100000000-create-safe';
import { ExpiryReminders1765200000000 } from './1765200000000-expiry-reminders';
import { SharesByStructure1765300000000 } from './1765300000000-shares-by-structure';

/** Every migration of the safe database, in order. A migration that has run is never edited. */
export const migrations = [MessagingTables1763900000000, CreateSafe1765100000000, ExpiryReminders1765200000000, SharesByStructure1765300000000];
