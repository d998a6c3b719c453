import { PinError, type ProgrammeCreate } from '@pin/contracts';

type Rules = Pick<ProgrammeCreate, 'niveaux' | 'criteres'>;

export interface PlannedCritere {
  id: string;
  rang: number;
  titre: string;
  description: string;
  obligatoireDesRang: number | null;
  demarche: string | null;
  retire: boolean;
  nouveau: boolean;
}

/** A slug from a French title: « Accès PMR » → `acces-pmr`. */
export function slugify(titre: string): string {
  const s = titre
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return s || 'critere';
}

/**
 * Checks an edit against the programme's existing levels and criteria and plans the new rules:
 * levels ranked in the order given, criteria with ids (derived from the title for new ones) and
 * the rank of the level from which each is mandatory. Levels and criteria are never removed.
 */
export function planRules(body: Rules, existing: { niveaux: readonly string[]; criteres: readonly string[] }): { niveaux: Array<{ id: string; rang: number; titre: string }>; criteres: PlannedCritere[] } {
  const levelIds = body.niveaux.map((n) => n.id);
  const dupLevel = levelIds.find((id, i) => levelIds.indexOf(id) !== i);
  if (dupLevel) throw new PinError('PROGRAMME.DUPLICATE_LEVEL', `Deux niveaux portent le même identifiant : ${dupLevel}.`, [{ path: 'niveaux', message: 'Identifiant de niveau en double.' }]);
  const goneLevels = existing.niveaux.filter((id) => !levelIds.includes(id));
  if (goneLevels.length) {
    throw new PinError('PROGRAMME.LEVEL_REMOVED', `Un niveau ne peut pas être supprimé (des dossiers s’y rattachent) : ${goneLevels.join(', ')}.`, goneLevels.map((id) => ({ path: 'niveaux', message: `Niveau ${id} manquant.` })));
  }
  const givenIds = body.criteres.flatMap((c) => (c.id ? [c.id] : []));
  const dupCrit = givenIds.find((id, i) => givenIds.indexOf(id) !== i);
  if (dupCrit) throw new PinError('PROGRAMME.DUPLICATE_CRITERION', `Deux critères portent le même identifiant : ${dupCrit}.`, [{ path: 'criteres', message: 'Identifiant de critère en double.' }]);
  const goneCriteria = existing.criteres.filter((id) => !givenIds.includes(id));
  if (goneCriteria.length) {
    throw new PinError('PROGRAMME.CRITERION_REMOVED', `Un critère ne se supprime pas, il se retire : ${goneCriteria.join(', ')}.`, goneCriteria.map((id) => ({ path: 'criteres', message: `Critère ${id} manquant : retirez-le plutôt.` })));
  }
  const taken = new Set([...givenIds, ...existing.criteres]);
  const criteres = body.criteres.map((c, i): PlannedCritere => {
    let id = c.id;
    if (!id) {
      const base = slugify(c.titre);
      id = base;
      for (let k = 2; taken.has(id); k += 1) id = `${base}-${k}`;
      taken.add(id);
    }
    let obligatoireDesRang: number | null = null;
    if (c.obligatoireDes !== null) {
      const idx = levelIds.indexOf(c.obligatoireDes);
      if (idx < 0) throw new PinError('PROGRAMME.UNKNOWN_LEVEL', `Niveau inconnu pour le critère « ${c.titre} » : ${c.obligatoireDes}.`, [{ path: `criteres.${i}.obligatoireDes`, message: 'Niveau inconnu.' }]);
      obligatoireDesRang = idx + 1;
    }
    return { id, rang: i + 1, titre: c.titre, description: c.description, obligatoireDesRang, demarche: c.demarche, retire: c.retire, nouveau: !existing.criteres.includes(id) };
  });
  return { niveaux: body.niveaux.map((n, i) => ({ id: n.id, rang: i + 1, titre: n.titre })), criteres };
}
