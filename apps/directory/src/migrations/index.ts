import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateStructure1763900100000 } from './1763900100000-create-structure';
import { CreateLieux1764000100000 } from './1764000100000-create-lieux';
import { LieuSearchNotify1764000200000 } from './1764000200000-lieu-search-notify';
import { CreateLieuImport1764000300000 } from './1764000300000-create-lieu-import';
import { CreateLieuImportFlag1764000400000 } from './1764000400000-create-lieu-import-flag';
import { LieuLabels1766100000000 } from './1766100000000-lieu-labels';

/** Every migration of the directory database, in order. A migration that has run is never edited. */
export const migrations = [
  MessagingTables1763900000000, CreateStructure1763900100000, CreateLieux1764000100000, LieuSearchNotify1764000200000, CreateLieuImport1764000300000,
  CreateLieuImportFlag1764000400000, LieuLabels1766100000000,
];
