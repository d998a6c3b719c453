import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateTraining1765000000000 } from './1765000000000-create-training';
import { SeedReferentiel1765000100000 } from './1765000100000-seed-referentiel';
import { PixResults1765000200000 } from './1765000200000-pix-results';
import { Diagnostics1765000300000 } from './1765000300000-diagnostics';
import { PixEventsWithdrawal1765000400000 } from './1765000400000-pix-events-withdrawal';
import { RegistrationReminders1765000500000 } from './1765000500000-registration-reminders';

/** Every migration of the training database, in order. A migration that has run is never edited. */
export const migrations = [MessagingTables1763900000000, CreateTraining1765000000000, SeedReferentiel1765000100000, PixResults1765000200000, Diagnostics1765000300000, PixEventsWithdrawal1765000400000, RegistrationReminders1765000500000];
