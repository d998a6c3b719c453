import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { DemarcheView, DemarchesByTheme } from '@pin/contracts';
import { api } from '../app/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable } from '../ui/DataTable';
import { ErrorSummary, errorFor, fieldErrorsFrom, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { LoadError } from '../mandats/parts';
import '../mandats/mandats.css';

const TITLE = 'Catalogue des démarches';
const BASE = '/api/v1/demarches';

const fetchAll = () => api.get<DemarchesByTheme>(`${BASE}/gestion`);
const createDemarche = (body: { slug: string; libelle: string; theme: string; position?: number }) => api.post<DemarcheView>(BASE, body);
const updateDemarche = (slug: string, body: Partial<Pick<DemarcheView, 'libelle' | 'theme' | 'position' | 'actif'>>) => api.patch<DemarcheView>(`${BASE}/${encodeURIComponent(slug)}`, body);

/** « Aide CAF en ligne » → « aide-caf-en-ligne »: the identifier proposed from the label (still editable). */
export function slugOf(libelle: string): string {
  return libelle
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/**
 * `/app/demarches`: the network keeps the catalogue of démarches the lieux say they help with (and
 * mandates cover): add one, rename or move it, deactivate it (it can no longer be chosen) or
 * reactivate it.
 */
export function DemarchesPage() {
  return <Guard title={TITLE} policy={POLICIES.demarche.manage}>{() => <Demarches />}</Guard>;
}

function Demarches() {
  const { state, reload } = useApi(fetchAll, []);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);
  const done = async (text: string) => {
    await reload();
    setNotice({ text, at: Date.now() });
  };
  const themes = state.status === 'ok' ? state.data.themes : [];
  return (
    <Page title={TITLE} lead="Les démarches pour lesquelles les lieux de l’annuaire accompagnent les personnes, regroupées par thème. Une démarche désactivée ne peut plus être choisie pour un lieu.">
      {notice ? (
        <Notice kind="succes" focusKey={notice.at}>
          {notice.text}
        </Notice>
      ) : null}
      <AddForm themes={themes.map((t) => t.theme)} onAdded={(d) => done(`Démarche ajoutée : « ${d.libelle} » (${d.theme}).`)} />
      {state.status === 'loading' ? <LiveStatus>Chargement du catalogue…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher le catalogue." failure={state.failure} retry={() => void reload()} /> : null}
      {themes.map((t) => (
        <ThemeSection key={t.theme} theme={t.theme} demarches={t.demarches} onChanged={done} />
      ))}
    </Page>
  );
}

function AddForm({ themes, onAdded }: { themes: string[]; onAdded: (d: DemarcheView) => Promise<void> }) {
  const [libelle, setLibelle] = useState('');
  const [theme, setTheme] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const shownSlug = slugTouched ? slug : slugOf(libelle);

  async function submit(e: Event) {
    e.preventDefault();
    const out: FieldError[] = [];
    if (libelle.trim().length < 2) out.push({ field: 'demarche-libelle', message: 'Libellé : au moins 2 caractères.' });
    if (theme.trim().length < 2) out.push({ field: 'demarche-theme', message: 'Thème : au moins 2 caractères (choisissez un thème existant ou saisissez-en un nouveau).' });
    if (!/^[a-z0-9-]{2,60}$/.test(shownSlug)) out.push({ field: 'demarche-slug', message: 'Identifiant : 2 à 60 minuscules, chiffres ou tirets.' });
    setErrors(out);
    if (out.length) return;
    setBusy(true);
    const res = await createDemarche({ slug: shownSlug, libelle: libelle.trim(), theme: theme.trim() });
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, { slug: 'demarche-slug', libelle: 'demarche-libelle', theme: 'demarche-theme' });
      setErrors(fields.length ? fields : [{ field: res.code === 'DEMARCHE.ALREADY_EXISTS' ? 'demarche-slug' : '', message: res.message }]);
      return;
    }
    setLibelle('');
    setTheme('');
    setSlug('');
    setSlugTouched(false);
    await onAdded(res.data);
  }

  return (
    <Section id="ajouter" title="Ajouter une démarche">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} id="erreurs-demarche" />
        <TextField id="demarche-libelle" label="Libellé" hint="Tel que les personnes le liront, par exemple « Prime d’activité »." required value={libelle} onValue={setLibelle} error={errorFor(errors, 'demarche-libelle')} />
        <TextField id="demarche-theme" label="Thème" hint="Un thème existant (proposé en saisissant) ou un nouveau." required list="demarche-themes" value={theme} onValue={setTheme} error={errorFor(errors, 'demarche-theme')} />
        <datalist id="demarche-themes">
          {themes.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <TextField
          id="demarche-slug"
          label="Identifiant"
          hint="Proposé d’après le libellé ; il ne pourra plus changer (les lieux et les mandats le citent)."
          required
          value={shownSlug}
          onValue={(v) => {
            setSlugTouched(true);
            setSlug(v);
          }}
          error={errorFor(errors, 'demarche-slug')}
        />
        <p class="action">
          <button type="submit" class="bouton" disabled={busy}>
            Ajouter la démarche
          </button>
        </p>
      </form>
    </Section>
  );
}

function ThemeSection({ theme, demarches, onChanged }: { theme: string; demarches: DemarcheView[]; onChanged: (text: string) => Promise<void> }) {
  const [editing, setEditing] = useState<DemarcheView | null>(null);
  const [deactivating, setDeactivating] = useState<DemarcheView | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  async function setActive(d: DemarcheView, actif: boolean) {
    // The dialog closes first (it gives the focus back to its opener): the outcome then takes it.
    setDeactivating(null);
    setBusy(true);
    const res = await updateDemarche(d.slug, { actif });
    setBusy(false);
    if (!res.ok) return setStatus(res.message);
    setStatus('');
    await onChanged(actif ? `Démarche réactivée : « ${d.libelle} ».` : `Démarche désactivée : « ${d.libelle} ». Elle ne peut plus être choisie pour un lieu.`);
  }

  return (
    <Section id={`theme-${slugOf(theme)}`} title={theme}>
      {status ? <LiveStatus error>{status}</LiveStatus> : null}
      <DataTable<DemarcheView>
        caption={`Démarches du thème « ${theme} »`}
        rows={demarches}
        rowKey={(d) => d.slug}
        columns={[
          { label: 'Libellé', rowHeader: true, render: (d) => d.libelle },
          { label: 'Identifiant', render: (d) => <code>{d.slug}</code> },
          { label: 'État', render: (d) => (d.actif ? 'Active' : 'Désactivée') },
          {
            label: 'Actions',
            render: (d) => (
              <div class="actions">
                <button type="button" class="bouton bouton--secondaire" onClick={() => setEditing(d)}>
                  Modifier<span class="visuellement-cache"> : {d.libelle}</span>
                </button>
                {d.actif ? (
                  <button type="button" class="bouton bouton--danger" disabled={busy} onClick={() => setDeactivating(d)}>
                    Désactiver<span class="visuellement-cache"> : {d.libelle}</span>
                  </button>
                ) : (
                  <button type="button" class="bouton bouton--secondaire" disabled={busy} onClick={() => void setActive(d, true)}>
                    Réactiver<span class="visuellement-cache"> : {d.libelle}</span>
                  </button>
                )}
              </div>
            ),
          },
        ]}
      />
      {editing ? (
        <EditForm
          key={editing.slug}
          demarche={editing}
          onClose={() => setEditing(null)}
          onSaved={async (d) => {
            setEditing(null);
            await onChanged(`Démarche modifiée : « ${d.libelle} » (${d.theme}).`);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deactivating !== null}
        title="Désactiver la démarche"
        confirmLabel="Désactiver"
        cancelLabel="Garder la démarche active"
        danger
        busy={busy}
        onConfirm={() => deactivating && void setActive(deactivating, false)}
        onClose={() => setDeactivating(null)}
      >
        <p>« {deactivating?.libelle} » ne pourra plus être choisie pour un lieu. Vous pourrez la réactiver.</p>
      </ConfirmDialog>
    </Section>
  );
}

function EditForm({ demarche, onSaved, onClose }: { demarche: DemarcheView; onSaved: (d: DemarcheView) => Promise<void>; onClose: () => void }) {
  const id = `modifier-${demarche.slug}`;
  const [libelle, setLibelle] = useState(demarche.libelle);
  const [theme, setTheme] = useState(demarche.theme);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const out: FieldError[] = [];
    if (libelle.trim().length < 2) out.push({ field: `${id}-libelle`, message: 'Libellé : au moins 2 caractères.' });
    if (theme.trim().length < 2) out.push({ field: `${id}-theme`, message: 'Thème : au moins 2 caractères.' });
    setErrors(out);
    if (out.length) return;
    setBusy(true);
    const res = await updateDemarche(demarche.slug, { libelle: libelle.trim(), theme: theme.trim() });
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, { libelle: `${id}-libelle`, theme: `${id}-theme` });
      setErrors(fields.length ? fields : [{ field: '', message: res.message }]);
      return;
    }
    await onSaved(res.data);
  }

  return (
    <form noValidate onSubmit={(e) => void submit(e)} class="carte" aria-labelledby={`${id}-titre`}>
      <h3 id={`${id}-titre`}>Modifier « {demarche.libelle} »</h3>
      <ErrorSummary errors={errors} id={`erreurs-${id}`} />
      <TextField id={`${id}-libelle`} label="Libellé" required value={libelle} onValue={setLibelle} error={errorFor(errors, `${id}-libelle`)} />
      <TextField id={`${id}-theme`} label="Thème" hint="Changer de thème déplace la démarche." required value={theme} onValue={setTheme} error={errorFor(errors, `${id}-theme`)} />
      <div class="actions">
        <button type="submit" class="bouton" disabled={busy}>
          Enregistrer
        </button>
        <button type="button" class="bouton bouton--secondaire" onClick={onClose}>
          Annuler
        </button>
      </div>
    </form>
  );
}
