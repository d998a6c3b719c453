/**
 * Tighter rate limit of the public signalement route (per client IP, shared by the gateway
 * replicas through Redis). Set once at boot from the configuration (DeclaredRoutesModule.forRoot).
 */
export const reportRateLimit = { max: 10, timeWindow: 3_600_000 };

/** Fastify route config for @RouteConfig: the values are read per request, after boot. */
export const REPORT_ROUTE_CONFIG = {
  rateLimit: { max: () => reportRateLimit.max, timeWindow: () => reportRateLimit.timeWindow },
};
