import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateKnownStructure1763900200000 } from './1763900200000-create-known-structure';
import { CreateMandates1764000400000 } from './1764000400000-create-mandates';
import { CreateJournal1764000500000 } from './1764000500000-create-journal';
import { ProtectJournalHead1764000600000 } from './1764000600000-protect-journal-head';
import { PurgeHabilitationPersonal1764000700000 } from './1764000700000-purge-habilitation-personal';
import { UsagerAccountManyDossiers1764000800000 } from './1764000800000-usager-account-many-dossiers';
import { StructureMembers1764000900000 } from './1764000900000-structure-members';
import { TrainingCertification1764001000000 } from './1764001000000-training-certification';
import { CharterSignature1766000500000 } from './1766000500000-charter-signature';
import { PixAndCertificationWithdrawal1766000600000 } from './1766000600000-pix-and-certification-withdrawal';
import { CharterVersion1766000750000 } from './1766000750000-charter-version';

/** Every migration of the mandates database, in order. A migration that has run is never edited. */
export const migrations = [MessagingTables1763900000000, CreateKnownStructure1763900200000, CreateMandates1764000400000, CreateJournal1764000500000,
  ProtectJournalHead1764000600000, PurgeHabilitationPersonal1764000700000, UsagerAccountManyDossiers1764000800000, StructureMembers1764000900000,
  TrainingCertification1764001000000, CharterSignature1766000500000, PixAndCertificationWithdrawal1766000600000,
  CharterVersion1766000750000];
