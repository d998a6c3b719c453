import { allows, POLICIES } from '@pin/contracts/policies';
import { h } from '../dom';
import type { ViewContext } from '../view';
import { call, get, type PageOf } from './api';
import { dateLabel, fieldErrors, pageCount, type FieldError } from './format';
import { formValuesOf, lieuDataOf, type FormValues, type SlugField } from './lieu-form';
import { loadCatalogues, type Catalogues, type Vocabularies } from './referentiels';
import { accessGate, badge, checkboxGroup, checkedValues, errorSummary, liveStatus, pageTitle, setStatus, showErrors, type AnnuaireView } from './ui';

const NETWORK = POLICIES.lieu.manage;

interface MonLieu {
  id: string;
  nom: string;
  commune: string;
  code_postal?: string;
  statut?: string;
  flags?: string[];
  date_maj?: string;
  updated_at?: string;
}

/** « Mes lieux »: the lieux of the référent's structures (all lieux for an animateur), searchable, paginated. */
export function mesLieuxView(ctx: ViewContext): AnnuaireView {
  const animateur = ctx.session.state === 'signedIn' && allows(ctx.session.user, POLICIES.import.run);
  const title = animateur ? 'Lieux de l’annuaire' : 'Mes lieux';
  const gate = accessGate(ctx, title, NETWORK);
  if (gate) return gate;
  const params = new URLSearchParams(location.search);
  let page = Math.max(1, Number(params.get('page')) || 1);
  const q = h('input', { type: 'search', id: 'mes-lieux-q', name: 'q', value: params.get('q') ?? '', maxlength: '100' });
  const status = liveStatus('Chargement des lieux…');
  const results = h('div', {});
  const nav = h('nav', { class: 'pagination', 'aria-label': 'Pages de la liste' });
  const form = h('form', { role: 'search', 'aria-label': 'Chercher parmi les lieux', class: 'recherche-simple' }, h('label', { for: q.id }, 'Nom ou commune'), q, h('button', { type: 'submit', class: 'bouton' }, 'Chercher'));
  const load = async () => {
    setStatus(status, 'Chargement des lieux…');
    const query = new URLSearchParams({ page: String(page), pageSize: '20' });
    if (q.value.trim()) query.set('q', q.value.trim());
    history.replaceState(null, '', `${location.pathname}?${query.toString()}`);
    const r = await get<PageOf<MonLieu>>(`/api/v1/mes-lieux?${query.toString()}`);
    if (!r.ok) {
      setStatus(status, `Impossible d’afficher les lieux. ${r.message}`, true);
      results.replaceChildren();
      return;
    }
    const { items, total } = r.data;
    setStatus(status, total === 0 ? 'Aucun lieu.' : total === 1 ? '1 lieu.' : `${total} lieux — page ${page} sur ${pageCount(total, 20)}.`);
    results.replaceChildren(
      items.length
        ? h(
            'div',
            { class: 'tableau-defilant' },
            h(
              'table',
              {},
              h('caption', {}, 'Lieux que vous pouvez modifier'),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Nom'), h('th', { scope: 'col' }, 'Commune'), h('th', { scope: 'col' }, 'État'), h('th', { scope: 'col' }, 'Mise à jour'))),
              h(
                'tbody',
                {},
                ...items.map((l) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row' }, h('a', { href: `/app/mes-lieux/${encodeURIComponent(l.id)}`, 'data-lien': true }, l.nom, h('span', { class: 'visuellement-cache' }, ' (modifier)'))),
                    h('td', {}, l.commune),
                    h('td', {}, l.statut === 'ferme' ? badge('Fermé', 'ferme') : (l.flags ?? []).includes('a-verifier') ? badge('À vérifier', 'alerte') : 'Actif'),
                    h('td', {}, dateLabel(l.date_maj ?? l.updated_at)),
                  ),
                ),
              ),
            ),
          )
        : h('p', {}, 'Aucun lieu ne correspond.'),
    );
    const pages = pageCount(total, 20);
    nav.replaceChildren();
    nav.hidden = pages <= 1;
    const move = (to: number, text: string) => {
      const b = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, text);
      b.addEventListener('click', () => {
        page = to;
        void load();
      });
      return b;
    };
    if (page > 1) nav.append(move(page - 1, 'Page précédente'));
    if (page < pages) nav.append(move(page + 1, 'Page suivante'));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    page = 1;
    void load();
  });
  void load();
  return { title, content: [pageTitle(title), form, status, results, nav] };
}

const FIELD_LABELS: Record<string, string> = {
  nom: 'Nom', pivot: 'SIRET ou RNA', adresse: 'Adresse', complement_adresse: 'Complément d’adresse', code_postal: 'Code postal', commune: 'Commune',
  code_insee: 'Code INSEE', latitude: 'Latitude', longitude: 'Longitude', telephone: 'Téléphone', courriels: 'Courriels', site_web: 'Sites web',
  horaires: 'Horaires', presentation_resume: 'Présentation courte', presentation_detail: 'Présentation détaillée', structure_parente: 'Structure parente',
  typologie: 'Typologie', fiche_acces_libre: 'Fiche Accès libre', prise_rdv: 'Prise de rendez-vous en ligne', autres_formations_labels: 'Autres formations et labels',
  services: 'Services', publics_specifiquement_adresses: 'Publics', prise_en_charge_specifique: 'Prise en charge spécifique', frais_a_charge: 'Frais',
  itinerance: 'Itinérance', dispositif_programmes_nationaux: 'Dispositifs', formations_labels: 'Formations et labels', modalites_acces: 'Modalités d’accès',
  modalites_accompagnement: 'Modalités d’accompagnement', demarches: 'Démarches', version: 'Version',
};

/** Business errors of the lieux API → the fields they are about. */
const CODE_FIELDS: Record<string, string[]> = {
  'LIEU.OUTSIDE_FRANCE': ['latitude', 'longitude'],
  'LIEU.OUTSIDE_DEPARTEMENT': ['latitude', 'longitude'],
  'LIEU.UNKNOWN_INSEE': ['code_insee'],
  'LIEU.POSTAL_CODE_MISMATCH': ['code_postal', 'code_insee'],
  'LIEU.INVALID_HOURS': ['horaires'],
  'DEMARCHE.UNKNOWN': ['demarches'],
};

const VOCAB_FIELDS: { field: SlugField & keyof Vocabularies; legend: string }[] = [
  { field: 'services', legend: 'Services (au moins un)' },
  { field: 'publics_specifiquement_adresses', legend: 'Publics accueillis en particulier' },
  { field: 'prise_en_charge_specifique', legend: 'Prise en charge spécifique' },
  { field: 'frais_a_charge', legend: 'Frais à charge' },
  { field: 'modalites_acces', legend: 'Modalités d’accès' },
  { field: 'modalites_accompagnement', legend: 'Modalités d’accompagnement' },
  { field: 'itinerance', legend: 'Itinérance' },
  { field: 'dispositif_programmes_nationaux', legend: 'Dispositifs et programmes nationaux' },
  { field: 'formations_labels', legend: 'Formations et labels' },
];

function textField(name: string, value: string, opts: { help?: string; required?: boolean; multiline?: boolean; type?: string; autocomplete?: string; inputmode?: string } = {}): HTMLElement {
  const id = `champ-${name}`;
  const helpId = opts.help ? `aide-${name}` : undefined;
  const attrs = { id, name, 'aria-describedby': helpId, required: opts.required, autocomplete: opts.autocomplete, inputmode: opts.inputmode };
  const input = opts.multiline ? h('textarea', { ...attrs, rows: '3' }, value) : h('input', { ...attrs, type: opts.type ?? 'text', value });
  return h('div', { class: 'champ' }, h('label', { for: id }, `${FIELD_LABELS[name] ?? name}${opts.required ? ' (obligatoire)' : ''}`), opts.help ? h('p', { class: 'aide', id: helpId }, opts.help) : null, input);
}

/** Edit form of a lieu: every field of the standard, vocabularies from the référentiels, field-level errors, optimistic lock. */
export function lieuEditView(ctx: ViewContext, id: string): AnnuaireView {
  const gate = accessGate(ctx, 'Modifier un lieu', NETWORK);
  if (gate) return gate;
  const heading = pageTitle('Modifier un lieu');
  const status = liveStatus('Chargement du lieu…');
  const body = h('div', {});
  void (async () => {
    const [r, catalogues] = await Promise.all([get<Record<string, unknown>>(`/api/v1/lieux/${encodeURIComponent(id)}`), loadCatalogues()]);
    if (!r.ok) {
      setStatus(status, `Impossible d’afficher ce lieu. ${r.message}`, true);
      return;
    }
    heading.textContent = `Modifier « ${String(r.data.nom)} »`;
    setStatus(status, catalogues.problem ? `Certaines listes n’ont pas pu être chargées. ${catalogues.problem}` : '', !!catalogues.problem);
    body.replaceChildren(editForm(id, r.data, catalogues, status));
  })();
  return {
    title: 'Modifier un lieu',
    content: [h('p', { class: 'fil' }, h('a', { href: '/app/mes-lieux', 'data-lien': true }, 'Retour à la liste des lieux')), heading, status, body],
  };
}

function editForm(id: string, lieu: Record<string, unknown>, c: Catalogues, status: HTMLElement): HTMLFormElement {
  let version = typeof lieu.version === 'number' ? lieu.version : undefined;
  const v: FormValues = formValuesOf(lieu);
  const summary = errorSummary('erreurs-lieu');
  const save = h('button', { type: 'submit', class: 'bouton' }, 'Enregistrer');
  // The outcome is said next to the button that was pressed (not at the top of a long form), and focused.
  const saved = liveStatus();
  saved.tabIndex = -1;
  const demarches = h(
    'fieldset',
    { class: 'cases' },
    h('legend', {}, 'Démarches pour lesquelles le lieu aide'),
    ...c.themes.map((t) =>
      h(
        'fieldset',
        { class: 'cases cases--theme' },
        h('legend', {}, t.theme),
        ...t.demarches.map((d) => {
          const inputId = `edit-demarches-${d.slug}`;
          return h('div', { class: 'case' }, h('input', { type: 'checkbox', id: inputId, name: 'demarches', value: d.slug, checked: v.slugs.demarches.includes(d.slug) }), h('label', { for: inputId }, d.libelle));
        }),
      ),
    ),
  );
  const form = h(
    'form',
    { class: 'formulaire', novalidate: true, 'aria-labelledby': 'titre-formulaire-lieu' },
    h('h2', { id: 'titre-formulaire-lieu', class: 'visuellement-cache' }, 'Fiche du lieu'),
    summary,
    h(
      'fieldset',
      { class: 'groupe' },
      h('legend', {}, 'Identité'),
      textField('nom', v.text.nom, { required: true }),
      textField('pivot', v.text.pivot, { help: 'SIRET (14 chiffres) ou RNA (W suivi de 9 chiffres).' }),
      textField('structure_parente', v.text.structure_parente),
      textField('typologie', v.lists.typologie, { help: 'Codes data.inclusion, un par ligne (ex. ASSO, COMMUNE, TIERS_LIEUX).', multiline: true }),
      textField('presentation_resume', v.text.presentation_resume, { help: '280 caractères au plus.', multiline: true }),
      textField('presentation_detail', v.text.presentation_detail, { multiline: true }),
    ),
    h(
      'fieldset',
      { class: 'groupe' },
      h('legend', {}, 'Adresse et position'),
      textField('adresse', v.text.adresse, { required: true, autocomplete: 'address-line1' }),
      textField('complement_adresse', v.text.complement_adresse, { autocomplete: 'address-line2' }),
      textField('code_postal', v.text.code_postal, { required: true, inputmode: 'numeric', autocomplete: 'postal-code' }),
      textField('commune', v.text.commune, { required: true }),
      textField('code_insee', v.text.code_insee, { required: true, help: '5 caractères, ex. 40192 pour Mont-de-Marsan.' }),
      textField('latitude', v.latitude, { required: true, inputmode: 'decimal', help: 'En degrés décimaux, ex. 43.8906.' }),
      textField('longitude', v.longitude, { required: true, inputmode: 'decimal', help: 'En degrés décimaux, ex. -0.4997.' }),
    ),
    h(
      'fieldset',
      { class: 'groupe' },
      h('legend', {}, 'Contacts et horaires'),
      textField('telephone', v.text.telephone, { type: 'tel', help: 'Ex. 05 58 00 00 00.' }),
      textField('courriels', v.lists.courriels, { multiline: true, help: 'Une adresse par ligne.' }),
      textField('site_web', v.lists.site_web, { multiline: true, help: 'Une adresse par ligne, commençant par https://.' }),
      textField('prise_rdv', v.text.prise_rdv, { type: 'url' }),
      textField('horaires', v.text.horaires, { multiline: true, help: 'Syntaxe OpenStreetMap, ex. « Mo-Fr 09:00-12:00,14:00-17:00; PH off » (fermé les jours fériés).' }),
      textField('fiche_acces_libre', v.text.fiche_acces_libre, { type: 'url' }),
    ),
    h(
      'fieldset',
      { class: 'groupe' },
      h('legend', {}, 'Offre du lieu'),
      ...VOCAB_FIELDS.filter((f) => Object.keys(c.vocab[f.field]).length).map((f) => checkboxGroup(f.field, f.legend, c.vocab[f.field], v.slugs[f.field], `edit-${f.field}`)),
      textField('autres_formations_labels', v.lists.autres_formations_labels, { multiline: true, help: 'Un par ligne.' }),
      demarches,
    ),
    h('p', { class: 'action' }, save, h('a', { href: `/lieux/${encodeURIComponent(id)}`, 'data-lien': true }, 'Voir la page publique')),
    saved,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values: FormValues = {
      text: Object.fromEntries(Object.keys(v.text).map((f) => [f, (form.elements.namedItem(f) as HTMLInputElement | null)?.value ?? ''])),
      lists: Object.fromEntries(Object.keys(v.lists).map((f) => [f, (form.elements.namedItem(f) as HTMLTextAreaElement | null)?.value ?? ''])),
      slugs: Object.fromEntries(Object.keys(v.slugs).map((f) => [f, checkedValues(form, f)])),
      latitude: (form.elements.namedItem('latitude') as HTMLInputElement).value,
      longitude: (form.elements.namedItem('longitude') as HTMLInputElement).value,
    };
    // Vocabularies that could not be shown keep their current values.
    for (const f of VOCAB_FIELDS) if (!Object.keys(c.vocab[f.field]).length) values.slugs[f.field] = v.slugs[f.field];
    if (!c.themes.length) values.slugs.demarches = v.slugs.demarches;
    const data = lieuDataOf(values);
    const local: FieldError[] = [];
    if (!String(data.nom ?? '').trim()) local.push({ field: 'nom', message: 'Le nom est obligatoire.' });
    if (data.latitude !== undefined && !Number.isFinite(data.latitude)) local.push({ field: 'latitude', message: 'La latitude doit être un nombre, ex. 43.8906.' });
    if (data.longitude !== undefined && !Number.isFinite(data.longitude)) local.push({ field: 'longitude', message: 'La longitude doit être un nombre, ex. -0.4997.' });
    showErrors(form, summary, local, FIELD_LABELS);
    if (local.length) return;
    save.disabled = true;
    setStatus(saved, 'Enregistrement…');
    const r = await call<Record<string, unknown>>('PATCH', `/api/v1/lieux/${encodeURIComponent(id)}`, { version, ...data });
    save.disabled = false;
    if (r.ok) {
      version = typeof r.data?.version === 'number' ? r.data.version : version !== undefined ? version + 1 : undefined;
      showErrors(form, summary, [], FIELD_LABELS);
      setStatus(saved, 'Modifications enregistrées.');
      saved.focus();
      return;
    }
    setStatus(saved, '');
    if (r.status === 409) {
      setStatus(status, '', false);
      showErrors(form, summary, [{ field: '', message: 'Ce lieu a été modifié par quelqu’un d’autre pendant que vous le modifiiez : vos changements n’ont pas été enregistrés. Rechargez la page pour partir de la dernière version.' }], FIELD_LABELS);
      const reload = h('button', { type: 'button', class: 'bouton' }, 'Recharger la fiche');
      reload.addEventListener('click', () => location.reload());
      summary.append(h('p', {}, reload));
      return;
    }
    setStatus(status, '');
    const byCode = CODE_FIELDS[r.code];
    const fields = byCode ? byCode.map((field) => ({ field, message: r.message })) : fieldErrors(r.details);
    showErrors(form, summary, fields.length ? fields : [{ field: '', message: r.message }], FIELD_LABELS);
    if (fields.length && !byCode) summary.prepend(h('p', {}, r.message));
  });
  return form;
}
