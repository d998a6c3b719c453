import type { ProgrammeView } from '@pin/contracts';
import { useRef, useState } from 'preact/hooks';
import { ErrorSummary, errorFor, SelectField, TextArea, TextField, type FieldError } from '../ui/form';
import { Notice } from '../ui/Notice';
import { Section } from '../ui/Page';
import './programmes.css';
import { createProgramme, slugify, updateProgramme, type ProgrammeRules } from './programmes.api';

interface DraftNiveau {
  key: number;
  /** Empty for a level not saved yet: derived from its name on save. */
  id: string;
  titre: string;
}
interface DraftCritere {
  key: number;
  id?: string;
  titre: string;
  description: string;
  /** Key of the level from which the criterion is mandatory; null: optional. */
  obligatoireDes: number | null;
  demarche: string;
  retire: boolean;
}
interface Draft {
  id: string;
  titre: string;
  description: string;
  validiteMois: string;
  niveaux: DraftNiveau[];
  criteres: DraftCritere[];
}

let nextKey = 1;
const key = () => nextKey++;

function toDraft(p: ProgrammeView | null): Draft {
  if (!p) return { id: '', titre: '', description: '', validiteMois: '24', niveaux: [{ key: key(), id: '', titre: '' }], criteres: [] };
  const niveaux = p.niveaux.map((n) => ({ key: key(), id: n.id, titre: n.titre }));
  return {
    id: p.id,
    titre: p.titre,
    description: p.description,
    validiteMois: String(p.validiteMois ?? 24),
    niveaux,
    criteres: p.criteres.map((c) => ({
      key: key(), id: c.id, titre: c.titre, description: c.description, demarche: c.demarche ?? '', retire: c.retire,
      obligatoireDes: c.obligatoireDes ? (niveaux.find((n) => n.id === c.obligatoireDes)?.key ?? null) : null,
    })),
  };
}

/** Client-side checks, the same rules as the API's (which stays the judge). */
function check(d: Draft, creating: boolean, prefix: string): FieldError[] {
  const e: FieldError[] = [];
  if (creating && !/^[a-z0-9-]{1,60}$/.test(d.id)) e.push({ field: `${prefix}-id`, message: 'Identifiant : lettres minuscules, chiffres et tirets.' });
  if (d.titre.trim().length < 3) e.push({ field: `${prefix}-titre`, message: 'Nom du programme : 3 caractères au moins.' });
  const v = Number(d.validiteMois);
  if (!Number.isInteger(v) || v < 1 || v > 120) e.push({ field: `${prefix}-validite`, message: 'Durée de validité : un nombre entier de mois entre 1 et 120.' });
  if (!d.niveaux.length) e.push({ field: `${prefix}-niveau-ajout`, message: 'Au moins un niveau.' });
  d.niveaux.forEach((n, i) => {
    if (!n.titre.trim()) e.push({ field: `niveau-${n.key}`, message: `Niveau ${i + 1} : le nom est obligatoire.` });
  });
  d.criteres.forEach((c, i) => {
    if (!c.titre.trim()) e.push({ field: `critere-${c.key}-titre`, message: `Critère ${i + 1} : l’intitulé est obligatoire.` });
  });
  return e;
}

/**
 * The editor of a territorial programme (or of a new one when `programme` is null): name,
 * description, validity, ordered levels, criteria (mandatory from a level, démarche of the
 * référentiel d'activités, retired rather than deleted). Each save makes a new version; dossiers
 * already opened keep theirs.
 */
export function ProgrammeEditor({
  programme,
  demarches,
  onSaved,
}: {
  programme: ProgrammeView | null;
  demarches: Array<{ id: string; libelle: string }>;
  onSaved: (p: ProgrammeView) => void;
}) {
  const creating = programme === null;
  const prefix = creating ? 'nouveau' : programme.id;
  const [d, setD] = useState<Draft>(() => toDraft(programme));
  const [version, setVersion] = useState(programme?.version ?? 1);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<{ n: number; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const focusAfter = useRef<string | null>(null);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const setNiveau = (k: number, titre: string) => set({ niveaux: d.niveaux.map((n) => (n.key === k ? { ...n, titre } : n)) });
  const setCritere = (k: number, patch: Partial<DraftCritere>) => set({ criteres: d.criteres.map((c) => (c.key === k ? { ...c, ...patch } : c)) });
  const focusSoon = (id: string) => {
    focusAfter.current = id;
    setTimeout(() => {
      if (focusAfter.current) document.getElementById(focusAfter.current)?.focus();
      focusAfter.current = null;
    }, 0);
  };
  const move = (i: number, delta: number) => {
    const niveaux = [...d.niveaux];
    const [n] = niveaux.splice(i, 1);
    niveaux.splice(i + delta, 0, n);
    set({ niveaux });
    focusSoon(`niveau-${n.key}-${delta < 0 ? 'monter' : 'descendre'}`);
  };
  const addNiveau = () => {
    const n = { key: key(), id: '', titre: '' };
    set({ niveaux: [...d.niveaux, n] });
    focusSoon(`niveau-${n.key}`);
  };
  const addCritere = () => {
    const c: DraftCritere = { key: key(), titre: '', description: '', obligatoireDes: null, demarche: '', retire: false };
    set({ criteres: [...d.criteres, c] });
    focusSoon(`critere-${c.key}-titre`);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    const local = check(d, creating, prefix);
    setErrors(local);
    if (local.length) return;
    const taken = new Set(d.niveaux.filter((n) => n.id).map((n) => n.id));
    const niveaux = d.niveaux.map((n) => {
      if (n.id) return { key: n.key, id: n.id, titre: n.titre.trim() };
      const base = slugify(n.titre);
      let id = base;
      for (let k = 2; taken.has(id); k += 1) id = `${base}-${k}`;
      taken.add(id);
      return { key: n.key, id, titre: n.titre.trim() };
    });
    const rules: ProgrammeRules = {
      titre: d.titre.trim(),
      description: d.description.trim(),
      validiteMois: Number(d.validiteMois),
      niveaux: niveaux.map((n) => ({ id: n.id, titre: n.titre })),
      criteres: d.criteres.map((c) => ({
        ...(c.id ? { id: c.id } : {}),
        titre: c.titre.trim(),
        description: c.description.trim(),
        obligatoireDes: c.obligatoireDes === null ? null : (niveaux.find((n) => n.key === c.obligatoireDes)?.id ?? null),
        demarche: c.demarche || null,
        retire: c.retire,
      })),
    };
    setBusy(true);
    const r = creating ? await createProgramme({ id: d.id, ...rules }) : await updateProgramme(programme.id, { version, ...rules });
    setBusy(false);
    if (!r.ok) {
      const details = Array.isArray(r.details) ? (r.details as Array<{ path?: string; message?: string }>) : [];
      const fieldOf = (path = ''): string => {
        const [head, index] = path.split('.');
        if (head === 'titre') return `${prefix}-titre`;
        if (head === 'validiteMois') return `${prefix}-validite`;
        if (head === 'id') return `${prefix}-id`;
        if (head === 'niveaux') return d.niveaux[Number(index)] ? `niveau-${d.niveaux[Number(index)].key}` : `${prefix}-niveau-ajout`;
        if (head === 'criteres') return d.criteres[Number(index)] ? `critere-${d.criteres[Number(index)].key}-titre` : `${prefix}-critere-ajout`;
        return `${prefix}-titre`;
      };
      setErrors(
        r.code === 'PROGRAMME.INVALID' && details.length
          ? details.map((x) => ({ field: fieldOf(x.path), message: x.message ?? r.message }))
          : [{ field: fieldOf(details[0]?.path), message: r.message }],
      );
      return;
    }
    setErrors([]);
    setD(toDraft(r.data));
    setVersion(r.data.version);
    setDone((x) => ({ n: (x?.n ?? 0) + 1, text: creating ? `Programme « ${r.data.titre} » créé (version 1).` : `Version ${r.data.version} enregistrée. Les dossiers déjà ouverts gardent les règles de leur version.` }));
    onSaved(r.data);
  };

  const niveauOptions = [{ value: '', label: 'Facultatif à tous les niveaux' }, ...d.niveaux.map((n, i) => ({ value: String(n.key), label: `Obligatoire dès le niveau ${i + 1}${n.titre.trim() ? ` — ${n.titre.trim()}` : ''}` }))];
  const demarcheOptions = [{ value: '', label: 'Aucune' }, ...demarches.map((x) => ({ value: x.id, label: x.libelle }))];
  const title = creating ? 'Nouveau programme territorial' : `${programme.titre} (version ${version})`;

  return (
    <Section id={`programme-${prefix}`} title={title}>
      <form noValidate onSubmit={(e) => void save(e)} aria-label={creating ? 'Créer un programme' : `Modifier le programme ${programme.titre}`}>
        <ErrorSummary id={`erreurs-${prefix}`} errors={errors} title={creating ? 'Le programme n’a pas été créé' : 'Le programme n’a pas été enregistré'} />
        {creating ? (
          <TextField id={`${prefix}-id`} label="Identifiant" hint="Lettres minuscules, chiffres et tirets ; il ne change plus ensuite." required value={d.id} onValue={(id) => set({ id })} error={errorFor(errors, `${prefix}-id`)} />
        ) : null}
        <TextField id={`${prefix}-titre`} label="Nom du programme" required value={d.titre} onValue={(titre) => set({ titre })} error={errorFor(errors, `${prefix}-titre`)} />
        <TextArea id={`${prefix}-description`} label="Description" value={d.description} onValue={(description) => set({ description })} rows={3} />
        <TextField
          id={`${prefix}-validite`}
          label="Durée de validité du label (en mois)"
          required
          type="number"
          inputMode="numeric"
          min={1}
          max={120}
          value={d.validiteMois}
          onValue={(validiteMois) => set({ validiteMois })}
          error={errorFor(errors, `${prefix}-validite`)}
        />

        <fieldset class="editeur-groupe">
          <legend>Niveaux, du premier au plus exigeant</legend>
          <ol class="editeur-liste">
            {d.niveaux.map((n, i) => (
              <li key={n.key}>
                <TextField id={`niveau-${n.key}`} label={`Nom du niveau ${i + 1}`} required value={n.titre} onValue={(t) => setNiveau(n.key, t)} error={errorFor(errors, `niveau-${n.key}`)} />
                <p class="editeur-actions">
                  <button type="button" id={`niveau-${n.key}-monter`} class="bouton bouton--secondaire" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Monter le niveau ${i + 1}${n.titre ? ` « ${n.titre} »` : ''}`}>
                    Monter
                  </button>{' '}
                  <button type="button" id={`niveau-${n.key}-descendre`} class="bouton bouton--secondaire" disabled={i === d.niveaux.length - 1} onClick={() => move(i, 1)} aria-label={`Descendre le niveau ${i + 1}${n.titre ? ` « ${n.titre} »` : ''}`}>
                    Descendre
                  </button>
                </p>
              </li>
            ))}
          </ol>
          <p class="champ__aide">Un niveau enregistré ne se supprime pas : des dossiers peuvent s’y rattacher.</p>
          <button type="button" id={`${prefix}-niveau-ajout`} class="bouton bouton--secondaire" onClick={addNiveau}>
            Ajouter un niveau
          </button>
        </fieldset>

        <fieldset class="editeur-groupe">
          <legend>Critères</legend>
          <ol class="editeur-liste">
            {d.criteres.map((c, i) => (
              <li key={c.key} class={c.retire ? 'editeur-retire' : undefined}>
                <TextField
                  id={`critere-${c.key}-titre`}
                  label={<>Intitulé du critère {i + 1}{c.retire ? ' (retiré)' : ''}</>}
                  required
                  value={c.titre}
                  onValue={(titre) => setCritere(c.key, { titre })}
                  error={errorFor(errors, `critere-${c.key}-titre`)}
                />
                <TextArea id={`critere-${c.key}-description`} label={`Description du critère ${i + 1}`} rows={2} value={c.description} onValue={(description) => setCritere(c.key, { description })} />
                <SelectField
                  id={`critere-${c.key}-obligatoire`}
                  label={`Exigence du critère ${i + 1}`}
                  value={c.obligatoireDes === null ? '' : String(c.obligatoireDes)}
                  onValue={(v) => setCritere(c.key, { obligatoireDes: v ? Number(v) : null })}
                  options={niveauOptions}
                />
                <SelectField
                  id={`critere-${c.key}-demarche`}
                  label={`Démarche du référentiel d’activités (critère ${i + 1})`}
                  required={false}
                  value={c.demarche}
                  onValue={(demarche) => setCritere(c.key, { demarche })}
                  options={demarcheOptions}
                />
                <p class="editeur-actions">
                  <button type="button" id={`critere-${c.key}-retrait`} class="bouton bouton--secondaire" aria-pressed={c.retire} onClick={() => setCritere(c.key, { retire: !c.retire })}>
                    {c.retire ? `Rétablir le critère ${i + 1}` : `Retirer le critère ${i + 1}`}
                  </button>
                </p>
              </li>
            ))}
          </ol>
          <p class="champ__aide">Un critère retiré ne s’applique plus aux nouveaux dossiers ; il n’est jamais supprimé.</p>
          <button type="button" id={`${prefix}-critere-ajout`} class="bouton bouton--secondaire" onClick={addCritere}>
            Ajouter un critère
          </button>
        </fieldset>

        <p>
          <button type="submit" class="bouton" disabled={busy}>
            {creating ? 'Créer le programme' : 'Enregistrer une nouvelle version'}
          </button>
        </p>
        {done ? (
          <Notice kind="succes" focusKey={done.n}>
            {done.text}
          </Notice>
        ) : null}
      </form>
    </Section>
  );
}
