import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { allows, PinError, type Policy } from '@pin/contracts';
import type { AuthenticatedRequest } from '../http/request-context.interceptor';
import { Authenticator } from './authenticator';
import { POLICY_KEY } from './auth.decorators';

/**
 * Global guard: every route declares an access policy (`@Access`, `@Public`, or the route table);
 * a route without one is refused. Public routes need no login; the others a verified user that
 * the policy allows.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly log = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<Policy | undefined>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    if (!policy) {
      this.log.error(`route without an access policy: ${context.getClass().name}.${context.getHandler().name}`);
      throw new PinError('AUTH.FORBIDDEN', "Vous n'avez pas les droits nécessaires pour cette action.");
    }
    if (policy.access === 'public') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.authenticator.authenticate(req);
    if (!user) throw new PinError('AUTH.UNAUTHENTICATED', 'Vous devez être connecté.');
    req.pinUser = user;
    if (!allows(user, policy)) throw new PinError('AUTH.FORBIDDEN', "Vous n'avez pas les droits nécessaires pour cette action.");
    return true;
  }
}
