import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { Repository } from 'typeorm';
import { PinError, StructureCreatedV1, StructureUpdatedV1, createStructureSchema, listStructuresSchema, structureIdSchema, updateStructureSchema, type UserContext, POLICIES, parsePayload } from '@pin/contracts';
import { canAccessStructure, hasRole, NETWORK_ROLES, requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { Structure, toSnapshot, toView, type StructureView } from './structure.entity';

const STRUCTURE_BY_ID = `SELECT id, nom, siret, rna, commune, code_insee AS "codeInsee", email, telephone, version,
  created_at AS "createdAt", updated_at AS "updatedAt" FROM structure WHERE id = $1`;

const notFound = () => new PinError('STRUCTURE.NOT_FOUND', 'Structure introuvable.');

/** Use cases of structures. Every one re-checks roles and structure scope itself. */
@Injectable()
export class StructuresService {
  constructor(
    @InjectRepository(Structure) private readonly repo: Repository<Structure>,
    private readonly outbox: Outbox,
  ) {}

  async create(user: UserContext | undefined, input: unknown): Promise<StructureView> {
    requirePolicy(user, POLICIES.structure.create);
    const dto = parsePayload(createStructureSchema, input);
    const saved = await this.outbox.run(async (m, events) => {
      await this.assertSiretFree(m.getRepository(Structure), dto.siret);
      const entity = m.getRepository(Structure).create({
        id: randomUUID(), nom: dto.nom, siret: dto.siret ?? null, rna: dto.rna ?? null, commune: dto.commune,
        codeInsee: dto.codeInsee ?? null, email: dto.email ?? null, telephone: dto.telephone ?? null,
      });
      const row = await m.getRepository(Structure).save(entity);
      events.record(StructureCreatedV1, { subject: row.id, data: toSnapshot(row), correlationId: RequestContext.correlationId() });
      return row;
    });
    return toView(saved);
  }

  async get(user: UserContext | undefined, id: unknown): Promise<StructureView> {
    const u = requirePolicy(user, POLICIES.structure.read);
    const parsed = structureIdSchema.safeParse(id);
    if (!parsed.success) throw notFound();
    // A referent of another structure learns nothing, not even that this one exists.
    if (!canAccessStructure(u, parsed.data)) throw notFound();
    const row = await this.byId(parsed.data);
    if (!row) throw notFound();
    return toView(row);
  }

  /**
   * The hot read (`GET /structures/:id`): a named prepared statement on the pool's connection
   * (parsed and planned once per connection), columns aliased to the entity's properties, no ORM
   * query building or hydration. Same row, same view as `repo.findOneBy({ id })`.
   */
  private async byId(id: string): Promise<Structure | undefined> {
    const pool = (this.repo.manager.connection.driver as unknown as { master: Pool }).master;
    const { rows } = await pool.query<Structure>({ name: 'structure_by_id', text: STRUCTURE_BY_ID, values: [id] });
    return rows[0];
  }

  async list(user: UserContext | undefined, input: unknown) {
    const u = requirePolicy(user, POLICIES.structure.read);
    const q = parsePayload(listStructuresSchema, input ?? {});
    const qb = this.repo.createQueryBuilder('s').orderBy('lower(s.nom)', 'ASC').addOrderBy('s.id', 'ASC');
    if (!hasRole(u, ...NETWORK_ROLES)) qb.andWhere('s.id IN (:...ids)', { ids: u.structures.length ? u.structures : ['00000000-0000-0000-0000-000000000000'] });
    if (q.q) qb.andWhere('s.nom ILIKE :q', { q: `%${q.q.replace(/[%_\\]/g, '\\$&')}%` });
    const [rows, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return { items: rows.map(toView), page: q.page, pageSize: q.pageSize, total };
  }

  async update(user: UserContext | undefined, id: unknown, input: unknown): Promise<StructureView> {
    const u = requirePolicy(user, POLICIES.structure.edit);
    const parsedId = structureIdSchema.safeParse(id);
    if (!parsedId.success) throw notFound();
    if (!canAccessStructure(u, parsedId.data)) throw notFound();
    requireStructureScope(u, parsedId.data);
    const dto = parsePayload(updateStructureSchema, input);
    const saved = await this.outbox.run(async (m, events) => {
      const repo = m.getRepository(Structure);
      const row = await repo.findOne({ where: { id: parsedId.data }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound();
      if (dto.version !== undefined && dto.version !== row.version) {
        throw new PinError('STRUCTURE.VERSION_CONFLICT', 'La structure a été modifiée entre-temps : rechargez la page.', { currentVersion: row.version });
      }
      if (dto.siret && dto.siret !== row.siret) await this.assertSiretFree(repo, dto.siret);
      const changed: string[] = [];
      for (const key of ['nom', 'siret', 'rna', 'commune', 'codeInsee', 'email', 'telephone'] as const) {
        if (dto[key] !== undefined && dto[key] !== row[key]) {
          row[key] = dto[key] as never;
          changed.push(key);
        }
      }
      if (changed.length === 0) return row;
      const updated = await repo.save(row);
      events.record(StructureUpdatedV1, {
        subject: updated.id, data: { ...toSnapshot(updated), changed }, correlationId: RequestContext.correlationId(),
      });
      return updated;
    });
    return toView(saved);
  }

  private async assertSiretFree(repo: Repository<Structure>, siret?: string): Promise<void> {
    if (siret && (await repo.existsBy({ siret }))) {
      throw new PinError('STRUCTURE.SIRET_TAKEN', 'Une structure avec ce SIRET existe déjà.');
    }
  }
}
