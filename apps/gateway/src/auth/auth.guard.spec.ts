import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { POLICIES, type UserContext } from '@pin/contracts';
import { Access, Public } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import type { Authenticator } from './authenticator';

class Routes {
  @Access(POLICIES.structure.create)
  create() {}
  @Public()
  open() {}
  forgotten() {}
}

const animateur: UserContext = { sub: 's', username: 'animateur', roles: ['animateur'], structures: [] };
const aidant: UserContext = { ...animateur, username: 'aidant', roles: ['aidant'] };
const guard = (user: UserContext | null) => new AuthGuard(new Reflector(), { authenticate: async () => user } as unknown as Authenticator);
const context = (handler: keyof Routes) => new ExecutionContextHost([{ headers: {} }, {}], Routes, Routes.prototype[handler]);
const outcome = (p: Promise<boolean>) => p.then(() => 'allowed', (e: { code?: string }) => e.code);

describe('AuthGuard: the route policy decides, and a route without one is refused', () => {
  it('allows a user the policy names, refuses others and anonymous callers', async () => {
    expect(await outcome(guard(animateur).canActivate(context('create')))).toBe('allowed');
    expect(await outcome(guard(aidant).canActivate(context('create')))).toBe('AUTH.FORBIDDEN');
    expect(await outcome(guard(null).canActivate(context('create')))).toBe('AUTH.UNAUTHENTICATED');
  });
  it('lets anyone through a public route', async () => {
    expect(await outcome(guard(null).canActivate(context('open')))).toBe('allowed');
  });
  it('refuses a route whose policy is missing, even for an admin', async () => {
    expect(await outcome(guard({ ...animateur, roles: ['admin'] }).canActivate(context('forgotten')))).toBe('AUTH.FORBIDDEN');
  });
});
