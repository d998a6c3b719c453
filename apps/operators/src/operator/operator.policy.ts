import { operatorIdSchema, parsePayload, PinError, POLICIES, type RpcEnvelope, type UserContext } from '@pin/contracts';
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

/**
 * Whose resources a request is about: `own` — the calling operator's (operator routes);
 * `supervised` — the operator named in the path (`/admin/operateurs/:operateur/…`), for the
 * Département's staff (animateurs, admins).
 */
export type OperatorScope = 'own' | 'supervised';

export function operatorFor(user: UserContext | undefined, rpc: RpcEnvelope | undefined, scope: OperatorScope): string {
  if (scope === 'own') return callingOperator(user).operatorId;
  requirePolicy(user, POLICIES.operator.supervise);
  return parsePayload(operatorIdSchema, rpc?.params?.operateur);
}
