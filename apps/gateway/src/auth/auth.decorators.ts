import { SetMetadata } from '@nestjs/common';
import type { Role } from '@pin/contracts';

export const PUBLIC_KEY = 'pin:public';
export const ROLES_KEY = 'pin:roles';

/** No login needed (public map, login routes, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** At least one of these realm roles (checked again by the service). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
