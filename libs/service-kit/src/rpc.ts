import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { readEnvelope, type UserContext } from '@pin/contracts';
import { RequestContext } from '@pin/observability';

/**
 * The validated `RpcEnvelope` of a NATS request: `@MessagePattern(REQUESTS.x.y) get(@Envelope() rpc: RpcEnvelope)`.
 * A payload of another shape is answered with `REQUEST.INVALID`.
 */
export const Envelope = createParamDecorator((_data: unknown, ctx: ExecutionContext) => readEnvelope(ctx.switchToRpc().getData()));

/** The verified user of the current request (from the `pin-user` header), if any. */
export function caller(): UserContext | undefined {
  return RequestContext.get()?.user;
}
