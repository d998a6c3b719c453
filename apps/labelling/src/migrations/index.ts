import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateLabelling1766000000000 } from './1766000000000-create-labelling';
import { SeedProgrammes1766000100000 } from './1766000100000-seed-programmes';
import { ProgrammeVersions1766000200000 } from './1766000200000-programme-versions';
import { DossierPieces1766000300000 } from './1766000300000-dossier-pieces';

/** Every migration of the labelling database, in order. A migration that has run is never edited. */
export const migrations = [MessagingTables1763900000000, CreateLabelling1766000000000, SeedProgrammes1766000100000, ProgrammeVersions1766000200000, DossierPieces1766000300000];
