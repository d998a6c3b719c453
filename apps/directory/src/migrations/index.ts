import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateStructure1763900100000 } from './1763900100000-create-structure';

/** Every migration of the directory database, in order. A migration that has run is never edited. */
export const migrations = [MessagingTables1763900000000, CreateStructure1763900100000];
