import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { moduleIdParamsSchema, pathIdParamsSchema, PinError, TRAINING_LEVELS, type RpcEnvelope } from '@pin/contracts';
import { CatalogueRepository, presentModule, presentPath } from './catalogue.repository';

export const moduleNotFound = () => new PinError('MODULE.NOT_FOUND', 'Module de formation introuvable.');
export const pathNotFound = () => new PinError('PARCOURS.NOT_FOUND', 'Parcours de formation introuvable.');

/** The public catalogue: the référentiel's modules by level, and the paths. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly ds: DataSource,
    private readonly catalogue: CatalogueRepository,
  ) {}

  async modules() {
    const rows = await this.catalogue.modules(this.ds.manager);
    return { niveaux: TRAINING_LEVELS.map((niveau) => ({ niveau, modules: rows.filter((r) => r.niveau === niveau).map(presentModule) })) };
  }

  async module(rpc: RpcEnvelope) {
    const { id } = safeParams(moduleIdParamsSchema, rpc.params, moduleNotFound);
    const row = await this.catalogue.module(this.ds.manager, id);
    if (!row) throw moduleNotFound();
    return presentModule(row);
  }

  async paths() {
    const modules = new Map((await this.catalogue.modules(this.ds.manager)).map((r) => [r.id, r]));
    return { items: (await this.catalogue.paths(this.ds.manager)).map((p) => presentPath(p, modules)) };
  }

  async path(rpc: RpcEnvelope) {
    const { id } = safeParams(pathIdParamsSchema, rpc.params, pathNotFound);
    const [row] = await this.catalogue.paths(this.ds.manager, id);
    if (!row) throw pathNotFound();
    const modules = new Map((await this.catalogue.modules(this.ds.manager)).map((r) => [r.id, r]));
    return presentPath(row, modules);
  }
}

/** An id that cannot exist answers "not found", like an unknown one. */
function safeParams<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, params: unknown, notFound: () => PinError): T {
  const r = schema.safeParse(params);
  if (!r.success) throw notFound();
  return r.data;
}
