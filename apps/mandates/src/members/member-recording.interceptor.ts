import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { HEADERS } from '@pin/contracts';
import { decodeUser } from '@pin/messaging';
import { MemberRecorder } from './member-recorder';

/**
 * Every NATS request to mandates made on behalf of an aidant, médiateur or référent records them as
 * a member of their structures, in the background (the request does not wait for it).
 */
@Injectable()
export class MemberRecordingInterceptor implements NestInterceptor {
  constructor(private readonly recorder: MemberRecorder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'rpc') {
      const ctx = context.switchToRpc().getContext<NatsContext | undefined>();
      const headers = typeof ctx?.getHeaders === 'function' ? (ctx.getHeaders() as { get(k: string): string } | undefined) : undefined;
      const user = decodeUser(headers?.get(HEADERS.user));
      if (user) void this.recorder.record(user);
    }
    return next.handle();
  }
}
