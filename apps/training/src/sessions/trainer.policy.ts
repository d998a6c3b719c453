import { hasRole, NETWORK_ROLES } from '@pin/auth';
import { PinError, type UserContext } from '@pin/contracts';
import type { SessionRow } from './session.repository';

/** The session's trainer (by username) or the network (animateur, admin) run a session. */
export function isTrainerOf(user: UserContext, session: Pick<SessionRow, 'formateur_username'>): boolean {
  return hasRole(user, ...NETWORK_ROLES) || session.formateur_username === user.username;
}

export function requireTrainer(user: UserContext, session: Pick<SessionRow, 'formateur_username'>): void {
  if (!isTrainerOf(user, session)) throw new PinError('SESSION.NOT_TRAINER', 'Seul le formateur de la session (ou un animateur du réseau) peut faire cela.');
}
