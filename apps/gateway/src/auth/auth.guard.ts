import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PinError, type Role } from '@pin/contracts';
import { hasRole } from '@pin/auth';
import type { AuthenticatedRequest } from '../http/request-context.interceptor';
import { Authenticator } from './authenticator';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

/** Global guard: every route needs a verified user unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.authenticator.authenticate(req);
    if (!user) throw new PinError('AUTH.UNAUTHENTICATED', 'Vous devez être connecté.');
    req.pinUser = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !hasRole(user, ...roles)) {
      throw new PinError('AUTH.FORBIDDEN', "Vous n'avez pas les droits nécessaires pour cette action.");
    }
    return true;
  }
}
