import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { createDemarcheSchema, demarcheSlugSchema, listDemarchesSchema, PinError, updateDemarcheSchema, type DemarchesByTheme, type DemarcheView, type UserContext, POLICIES, parsePayload } from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { Demarche } from './demarche.entity';

const notFound = () => new PinError('DEMARCHE.NOT_FOUND', 'Démarche introuvable.');
const view = (d: Demarche): DemarcheView => ({ slug: d.slug, libelle: d.libelle, theme: d.theme, position: d.position, actif: d.actif });

/** The démarches catalogue: public list grouped by theme; animateurs (and admins) manage it. */
@Injectable()
export class DemarchesService {
  constructor(@InjectRepository(Demarche) private readonly repo: Repository<Demarche>) {}

  async list(user: UserContext | undefined, input: unknown): Promise<DemarchesByTheme> {
    const q = parsePayload(listDemarchesSchema, input ?? {});
    const all = q.inactives === 'true' && hasRole(user, ...NETWORK_ROLES);
    const rows = await this.repo.find({ where: all ? {} : { actif: true }, order: { position: 'ASC', slug: 'ASC' } });
    const themes = new Map<string, DemarcheView[]>();
    for (const r of rows) {
      const list = themes.get(r.theme) ?? [];
      list.push(view(r));
      themes.set(r.theme, list);
    }
    return { themes: [...themes].map(([theme, demarches]) => ({ theme, demarches })) };
  }

  async create(user: UserContext | undefined, input: unknown): Promise<DemarcheView> {
    requirePolicy(user, POLICIES.demarche.manage);
    const dto = parsePayload(createDemarcheSchema, input);
    if (await this.repo.existsBy({ slug: dto.slug })) {
      throw new PinError('DEMARCHE.ALREADY_EXISTS', `La démarche « ${dto.slug} » existe déjà.`);
    }
    const position = dto.position ?? ((await this.repo.maximum('position')) ?? 0) + 10;
    const row = await this.repo.save(this.repo.create({ slug: dto.slug, libelle: dto.libelle, theme: dto.theme, position, actif: true }));
    return view(row);
  }

  /** Renames, moves or (de)activates a démarche; a deactivated one can no longer be chosen for a lieu. */
  async update(user: UserContext | undefined, slug: unknown, input: unknown): Promise<DemarcheView> {
    requirePolicy(user, POLICIES.demarche.manage);
    const parsed = demarcheSlugSchema.safeParse(slug);
    if (!parsed.success) throw notFound();
    const dto = parsePayload(updateDemarcheSchema, input);
    const row = await this.repo.findOneBy({ slug: parsed.data });
    if (!row) throw notFound();
    Object.assign(row, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)), { updated_at: new Date() });
    return view(await this.repo.save(row));
  }
}
