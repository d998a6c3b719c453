import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parsePayload, programmeIdParamsSchema, type RpcEnvelope } from '@pin/contracts';
import { ProgrammeRepository } from './programme.repository';

/** The label programmes: public reading. */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly ds: DataSource,
    private readonly programmes: ProgrammeRepository,
  ) {}

  async list() {
    const rows = await this.programmes.list(this.ds.manager);
    return { items: await Promise.all(rows.map((p) => this.programmes.full(this.ds.manager, p.id))) };
  }

  async get(rpc: RpcEnvelope) {
    const { id } = parsePayload(programmeIdParamsSchema, rpc.params);
    return this.programmes.full(this.ds.manager, id);
  }
}
