import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserContext } from '@pin/contracts';
import { MemberRepository } from './member.repository';
import { MemberWriteCache, membershipsOf, type MemberFacts } from './member-recording';

/**
 * Keeps `structure_member` up to date from the callers' identities, cheaply: a member is written
 * when new to this process, changed, or not written for an hour; concurrent calls share one write.
 * A failed write never fails the caller's request (it is retried on a later call).
 */
@Injectable()
export class MemberRecorder {
  private readonly logger = new Logger('MemberRecorder');
  private readonly cache = new MemberWriteCache();
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly members: MemberRepository,
  ) {}

  /** Records the user's memberships; resolves once they are written (or the write failed). */
  async record(user: UserContext | undefined): Promise<void> {
    await Promise.all(membershipsOf(user).map((f) => this.recordOne(f)));
  }

  private recordOne(f: MemberFacts): Promise<void> {
    const key = `${f.structureId}|${f.sub}`;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    if (!this.cache.due(f)) return Promise.resolve();
    this.cache.remember(f);
    const write = this.members
      .upsert(this.dataSource.manager, f)
      .catch((err: unknown) => {
        this.cache.forget(f);
        this.logger.warn(`member not recorded: ${(err as Error).message}`);
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, write);
    return write;
  }
}
