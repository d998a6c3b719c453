import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MemberRecorder } from './member-recorder';
import { MemberRecordingInterceptor } from './member-recording.interceptor';
import { MemberRepository } from './member.repository';
import { MembersHandler } from './members.handler';
import { MembersService } from './members.service';

/** Structure members known from their logins (recorded on every call), listed for the référent. */
@Module({
  controllers: [MembersHandler],
  providers: [MembersService, MemberRepository, MemberRecorder, { provide: APP_INTERCEPTOR, useClass: MemberRecordingInterceptor }],
  exports: [MemberRepository, MemberRecorder],
})
export class MembersModule {}
