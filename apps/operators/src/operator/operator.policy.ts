import { PinError, POLICIES, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';

/**
 * The calling operator: a client-credentials client with role `operateur`, identified by its
 * client id (`azp`). A token without a client id cannot own webhooks or subscriptions.
 */
export function callingOperator(user: UserContext | undefined): { user: UserContext; operatorId: string } {
  const u = requirePolicy(user, POLICIES.operator.manage);
  if (!u.clientId) throw new PinError('OPERATEUR.CLIENT_REQUIRED', 'Ce jeton ne désigne aucun client opérateur (azp manquant).');
  return { user: u, operatorId: u.clientId };
}
