import { MessagingTables1763900000000 } from '@pin/messaging';
import { CreateOperators1764100000000 } from './1764100000000-create-operators';
import { JetstreamChannel1764100100000 } from './1764100100000-jetstream-channel';
import { Announcements1764100200000 } from './1764100200000-announcements';
import { Orientations1764100300000 } from './1764100300000-orientations';
import { OrientationPurge1764100400000 } from './1764100400000-orientation-purge';
import { OperatorNotices1764100500000 } from './1764100500000-operator-notices';
import { OrientationFlow1764100600000 } from './1764100600000-orientation-flow';

/** Every migration of the operators database, in order. A migration that has run is never edited. */
export const migrations = [MessagingTables1763900000000, CreateOperators1764100000000, JetstreamChannel1764100100000, Announcements1764100200000, Orientations1764100300000, OrientationPurge1764100400000, OperatorNotices1764100500000, OrientationFlow1764100600000];
