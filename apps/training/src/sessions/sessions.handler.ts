import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { caller, Envelope } from '@pin/service-kit';
import { AttendanceService } from './attendance.service';
import { RegistrationsService } from './registrations.service';
import { SessionsService } from './sessions.service';

const R = REQUESTS.training;

/** NATS request handlers of sessions, registrations and attendance (thin). */
@Controller()
export class SessionsHandler {
  constructor(
    private readonly sessions: SessionsService,
    private readonly registrations: RegistrationsService,
    private readonly attendance: AttendanceService,
  ) {}

  @MessagePattern(R.sessionList)
  list(@Envelope() rpc: RpcEnvelope) {
    return this.sessions.list(rpc);
  }

  @MessagePattern(R.sessionGet)
  get(@Envelope() rpc: RpcEnvelope) {
    return this.sessions.get(rpc);
  }

  @MessagePattern(R.sessionCreate)
  create(@Envelope() rpc: RpcEnvelope) {
    return this.sessions.create(caller(), rpc);
  }

  @MessagePattern(R.sessionCancel)
  cancel(@Envelope() rpc: RpcEnvelope) {
    return this.sessions.cancel(caller(), rpc);
  }

  @MessagePattern(R.sessionCapacity)
  capacity(@Envelope() rpc: RpcEnvelope) {
    return this.sessions.changeCapacity(caller(), rpc);
  }

  @MessagePattern(R.sessionRegistrations)
  participants(@Envelope() rpc: RpcEnvelope) {
    return this.sessions.registrations(caller(), rpc);
  }

  @MessagePattern(R.registrationCreate)
  register(@Envelope() rpc: RpcEnvelope) {
    return this.registrations.register(caller(), rpc);
  }

  @MessagePattern(R.registrationCancel)
  cancelRegistration(@Envelope() rpc: RpcEnvelope) {
    return this.registrations.cancel(caller(), rpc);
  }

  @MessagePattern(R.registrationCalendar)
  calendar(@Envelope() rpc: RpcEnvelope) {
    return this.registrations.calendar(caller(), rpc);
  }

  @MessagePattern(R.myRegistrations)
  mine() {
    return this.registrations.mine(caller());
  }

  @MessagePattern(R.attendanceRecord)
  attendanceRecord(@Envelope() rpc: RpcEnvelope) {
    return this.attendance.record(caller(), rpc);
  }

  @MessagePattern(R.registrationValidate)
  validate(@Envelope() rpc: RpcEnvelope) {
    return this.attendance.validate(caller(), rpc);
  }
}
