import { SignJWT, jwtVerify } from 'jose';
import type { UserContext } from '@pin/contracts';

/**
 * A short-lived JWS (HS256, secret shared by the gateway and one internal service) that carries
 * the user context the gateway verified, for requests the gateway streams to a service's internal
 * HTTP port (files: they never travel over NATS). Bound to the audience, the HTTP method and path.
 */
export interface EdgeClaims {
  user?: UserContext;
  structureId?: string;
  /** Route-specific data the gateway validated (e.g. the deposit's category and file name). */
  data?: Record<string, unknown>;
}

const ISSUER = 'pin-gateway';
const key = (secret: string) => new TextEncoder().encode(secret);

export async function signEdgeToken(secret: string, audience: string, method: string, path: string, claims: EdgeClaims, ttlSeconds = 60): Promise<string> {
  return new SignJWT({ ...claims, htm: method.toUpperCase(), htu: path })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

/** Verifies signature, issuer, audience, expiry, method and path; throws on any mismatch. */
export async function verifyEdgeToken(secret: string, audience: string, method: string, path: string, token: string): Promise<EdgeClaims> {
  const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience, algorithms: ['HS256'], clockTolerance: 5 });
  if (payload['htm'] !== method.toUpperCase() || payload['htu'] !== path) throw new Error('edge token bound to another request');
  return { user: payload['user'] as UserContext | undefined, structureId: payload['structureId'] as string | undefined, data: payload['data'] as Record<string, unknown> | undefined };
}
