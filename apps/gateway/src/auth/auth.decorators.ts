import { SetMetadata } from '@nestjs/common';
import { POLICIES, type Policy } from '@pin/contracts';

export const POLICY_KEY = 'pin:policy';

/**
 * Who may call this route: one of the `POLICIES` of libs/contracts (the service re-checks the same
 * policy). A route without a policy is refused by the AuthGuard.
 */
export const Access = (policy: Policy) => SetMetadata(POLICY_KEY, policy);

/** No login needed (public map, login routes, docs). */
export const Public = () => Access(POLICIES.public);
