import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { parsePayload, POLICIES, type RpcEnvelope, type StructureMembersResponse, type UserContext } from '@pin/contracts';
import { requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { MemberRepository } from './member.repository';

const structureParams = z.object({ id: z.uuid({ message: 'Structure : identifiant invalide.' }) });

/** The people who act in a structure, for its référent and the network. */
@Injectable()
export class MembersService {
  constructor(
    private readonly outbox: Outbox,
    private readonly members: MemberRepository,
  ) {}

  async list(user: UserContext | undefined, rpc: RpcEnvelope): Promise<StructureMembersResponse> {
    const u = requirePolicy(user, POLICIES.membre.list);
    const { id } = parsePayload(structureParams, rpc.params);
    requireStructureScope(u, id);
    const items = await this.outbox.run((m) => this.members.list(m, id));
    return { structureId: id, items };
  }
}
