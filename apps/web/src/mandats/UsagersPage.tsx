import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { POLICIES } from '@pin/contracts/policies';
import { AttestationBox, ErrorSummary, SelectField, TextField, errorFor, fieldErrorsFrom, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { frCalendarDate } from './demarches';
import { createUsager, duplicatesOf, listUsagers, searchUsagers, selectStructure, selectedStructure } from './mandats.api';
import { structureLabel, usagerName } from './parts';
import type { Usager } from './types';
import { Pager } from '../ui/Pager';

const TITLE = 'Usagers accompagnés';

/** Aidant: find a usager, or create one (after checking an ID document), with a duplicate warning. */
export function UsagersPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.usager.manage}>
      {(user) => (
        <Page title={TITLE} lead="Retrouvez la personne que vous accompagnez, ou enregistrez-la pour établir un mandat.">
          <StructureSelector structures={user.structures} />
          <SearchSection />
          <StructureUsagers />
          <CreateSection structures={user.structures} />
        </Page>
      )}
    </Guard>
  );
}

/** An aidant of several structures says which one they act for; usagers and mandates are per structure. */
export function StructureSelector({ structures, names = {}, onChange }: { structures: readonly string[]; names?: Record<string, string | null>; onChange?: (id: string) => void }) {
  const [current, setCurrent] = useState(() => selectedStructure(structures) ?? '');
  const [said, setSaid] = useState('');
  if (structures.length < 2) return null;
  return (
    <Section id="structure-active" title="Structure">
      <SelectField
        id="structure-active"
        label="Structure pour laquelle vous agissez"
        value={current}
        options={structures.map((id) => ({ value: id, label: structureLabel(id, names[id]) }))}
        onValue={(v) => {
          selectStructure(v);
          setCurrent(v);
          setSaid(`Vous agissez maintenant pour ${structureLabel(v, names[v])}.`);
          onChange?.(v);
        }}
      />
      <LiveStatus>{said}</LiveStatus>
    </Section>
  );
}

function UsagerLine({ u }: { u: Usager }) {
  return (
    <li>
      <a href={`/app/usagers/${u.id}`}>{usagerName(u)}</a> — né(e) le {frCalendarDate(u.dateNaissance)} à {u.lieuNaissance}
    </li>
  );
}

export function SearchSection({ title = 'Rechercher un usager' }: { title?: string }) {
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<Usager[]>([]);
  const search = async (event: Event) => {
    event.preventDefault();
    const text = q.trim();
    if (text.length < 2) {
      setError('Saisissez au moins deux caractères.');
      document.getElementById('recherche-usager')?.focus();
      return;
    }
    setError(undefined);
    setStatus('Recherche en cours…');
    const res = await searchUsagers(text);
    if (!res.ok) {
      setStatus(`La recherche a échoué. ${res.message}`);
      return;
    }
    const found = res.data.items;
    setItems(found);
    setStatus(found.length === 0 ? 'Aucun usager ne correspond à cette recherche.' : found.length === 1 ? 'Un usager trouvé.' : `${found.length} usagers trouvés.`);
  };
  return (
    <Section id="recherche" title={title}>
      <form role="search" aria-label="Rechercher un usager" noValidate onSubmit={(e) => void search(e)}>
        <TextField id="recherche-usager" type="search" label="Nom, prénom ou date de naissance" hint="Par exemple : Dupont, ou 02/03/1950." required value={q} onValue={setQ} error={error} />
        <button type="submit" class="bouton">
          Rechercher
        </button>
      </form>
      <LiveStatus>{status}</LiveStatus>
      {items.length ? (
        <ul class="liste-simple">
          {items.map((u) => (
            <UsagerLine key={u.id} u={u} />
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

const PAGE_SIZE = 20;

/** Every usager the structure follows, in alphabetical order, page by page. */
function StructureUsagers() {
  const [page, setPage] = useState(1);
  const [state, setState] = useState<{ items: Usager[]; total: number } | { error: string } | null>(null);
  useEffect(() => {
    let current = true;
    void listUsagers(page, PAGE_SIZE).then((res) => {
      if (!current) return;
      setState(res.ok ? { items: res.data.items, total: res.data.total } : { error: `La liste des usagers n’a pas pu être chargée. ${res.message}` });
    });
    return () => {
      current = false;
    };
  }, [page]);
  const pages = state && 'total' in state ? Math.max(1, Math.ceil(state.total / PAGE_SIZE)) : 1;
  return (
    <Section id="usagers-structure" title="Les usagers de la structure">
      {!state ? <LiveStatus>Chargement de la liste…</LiveStatus> : null}
      {state && 'error' in state ? <LiveStatus error>{state.error}</LiveStatus> : null}
      {state && 'total' in state ? (
        <>
          <LiveStatus>
            {state.total === 0
              ? 'La structure ne suit encore aucun usager.'
              : state.total === 1
                ? 'Un usager suivi par la structure.'
                : `${state.total} usagers suivis par la structure — page ${page} sur ${pages}.`}
          </LiveStatus>
          {state.items.length ? (
            <ul class="liste-simple">
              {state.items.map((u) => (
                <UsagerLine key={u.id} u={u} />
              ))}
            </ul>
          ) : null}
          <Pager label="Pages de la liste des usagers" page={page} pages={pages} onPage={setPage} />
        </>
      ) : null}
    </Section>
  );
}

const EMPTY = { nom: '', prenoms: '', naissance: '', lieu: '', email: '', telephone: '' };
const API_FIELDS: Record<string, string> = {
  nom: 'usager-nom',
  prenoms: 'usager-prenoms',
  dateNaissance: 'usager-date-naissance',
  lieuNaissance: 'usager-lieu-naissance',
  email: 'usager-email',
  telephone: 'usager-telephone',
  identiteVerifiee: 'usager-identite-verifiee',
};

function CreateSection({ structures }: { structures: readonly string[] }) {
  const { route } = useLocation();
  const [v, setV] = useState(EMPTY);
  const [idChecked, setIdChecked] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [summaryTitle, setSummaryTitle] = useState<string | undefined>();
  const [duplicates, setDuplicates] = useState<Usager[]>([]);
  const [busy, setBusy] = useState(false);
  const confirmDuplicate = useRef(false);
  const set = (k: keyof typeof EMPTY) => (value: string) => setV((old) => ({ ...old, [k]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: FieldError[] = [];
    const check = (field: string, ok: boolean, message: string) => {
      if (!ok) found.push({ field, message });
    };
    check('usager-nom', v.nom.trim() !== '', 'Indiquez le nom de naissance.');
    check('usager-prenoms', v.prenoms.trim() !== '', 'Indiquez les prénoms.');
    check(
      'usager-date-naissance',
      /^\d{4}-\d{2}-\d{2}$/.test(v.naissance) && v.naissance <= new Date().toISOString().slice(0, 10),
      v.naissance ? 'La date de naissance doit être une date passée.' : 'Indiquez la date de naissance.',
    );
    check('usager-lieu-naissance', v.lieu.trim() !== '', 'Indiquez le lieu de naissance.');
    const mail = v.email.trim();
    check('usager-email', mail === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(mail), 'Saisissez une adresse électronique valide, par exemple nom@exemple.fr.');
    const phone = v.telephone.trim();
    check('usager-telephone', phone === '' || /^[+\d][\d\s.-]{5,}$/.test(phone), 'Saisissez un numéro de téléphone valide, par exemple 05 58 00 00 00.');
    check('usager-identite-verifiee', idChecked, 'Vous devez avoir vérifié une pièce d’identité.');
    setSummaryTitle(undefined);
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    const res = await createUsager({
      structureId: selectedStructure(structures),
      nom: v.nom.trim(),
      prenoms: v.prenoms.trim(),
      dateNaissance: v.naissance,
      lieuNaissance: v.lieu.trim(),
      email: mail || undefined,
      telephone: phone || undefined,
      identiteVerifiee: true,
      confirmerDoublon: confirmDuplicate.current || undefined,
    });
    setBusy(false);
    if (res.ok) {
      route(`/app/usagers/${res.data.id}`);
      return;
    }
    const candidates = duplicatesOf(res);
    if (candidates.length) {
      confirmDuplicate.current = true;
      setDuplicates(candidates);
      return;
    }
    const fields = fieldErrorsFrom(res.details, API_FIELDS);
    setSummaryTitle(fields.length ? undefined : 'L’usager n’a pas pu être enregistré');
    setErrors(fields.length ? fields : [{ field: '', message: res.message }]);
  };

  const idError = errorFor(errors, 'usager-identite-verifiee');
  return (
    <Section id="creation" title="Enregistrer un nouvel usager">
      <form noValidate aria-labelledby="titre-creation" onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} title={summaryTitle} />
        <TextField id="usager-nom" label="Nom de naissance" required value={v.nom} onValue={set('nom')} error={errorFor(errors, 'usager-nom')} />
        <TextField id="usager-prenoms" label="Prénoms" hint="Tous les prénoms, comme sur la pièce d’identité." required value={v.prenoms} onValue={set('prenoms')} error={errorFor(errors, 'usager-prenoms')} />
        <TextField id="usager-date-naissance" type="date" label="Date de naissance" required value={v.naissance} onValue={set('naissance')} error={errorFor(errors, 'usager-date-naissance')} />
        <TextField id="usager-lieu-naissance" label="Lieu de naissance" hint="Commune, ou pays pour une naissance à l’étranger." required value={v.lieu} onValue={set('lieu')} error={errorFor(errors, 'usager-lieu-naissance')} />
        <TextField id="usager-email" type="email" label="Adresse électronique" hint="Pour prévenir la personne avant la fin de son mandat." value={v.email} onValue={set('email')} error={errorFor(errors, 'usager-email')} />
        <TextField id="usager-telephone" type="tel" inputMode="tel" label="Téléphone" value={v.telephone} onValue={set('telephone')} error={errorFor(errors, 'usager-telephone')} />
        <AttestationBox
          id="usager-identite-verifiee"
          legend="Vérification de l’identité"
          label="J’atteste avoir vérifié l’identité de la personne sur une pièce d’identité originale en cours de validité."
          checked={idChecked}
          onChecked={setIdChecked}
          error={idError}
        />
        {duplicates.length ? (
          <Notice kind="alerte" focusKey={duplicates} id="alerte-doublon">
            <h3>Cette personne est peut-être déjà enregistrée</h3>
            <p>Un usager de même identité existe déjà. Ouvrez sa fiche plutôt que d’en créer une seconde :</p>
            <ul class="liste-simple">
              {duplicates.map((u) => (
                <UsagerLine key={u.id} u={u} />
              ))}
            </ul>
            <p>S’il s’agit bien d’une autre personne, cliquez de nouveau sur « Enregistrer l’usager ».</p>
          </Notice>
        ) : null}
        <button type="submit" class="bouton" disabled={busy}>
          Enregistrer l’usager
        </button>
        {busy ? <LiveStatus>Enregistrement…</LiveStatus> : null}
      </form>
    </Section>
  );
}
