import { h } from '../dom';
import type { ViewContext } from '../view';
import { call, get } from './api';
import {
  dateLabel, fieldErrors, flagNotices, labelsOf, nextOpeningLabel, openLabel, phoneLabel, routeUrl, SIGNALEMENT_MOTIFS, validateSignalement,
} from './format';
import { loadCatalogues, type Catalogues } from './referentiels';
import { badge, errorSummary, liveStatus, pageTitle, setStatus, showErrors, type AnnuaireView } from './ui';

/** The public detail of a lieu (GET /api/v1/lieux/:id); only the fields the page reads. */
export interface LieuDetail {
  id: string;
  nom: string;
  statut?: string;
  adresse: string;
  complement_adresse?: string | null;
  code_postal: string;
  commune: string;
  latitude: number | null;
  longitude: number | null;
  telephone?: string | null;
  courriels?: string[];
  site_web?: string[];
  horaires?: string | null;
  presentation_resume?: string | null;
  presentation_detail?: string | null;
  services?: unknown[];
  demarches?: unknown[];
  publics_specifiquement_adresses?: unknown[];
  prise_en_charge_specifique?: unknown[];
  frais_a_charge?: unknown[];
  modalites_acces?: unknown[];
  modalites_accompagnement?: unknown[];
  itinerance?: unknown[];
  dispositif_programmes_nationaux?: unknown[];
  formations_labels?: unknown[];
  fiche_acces_libre?: string | null;
  prise_rdv?: string | null;
  date_maj?: string;
  flags?: string[];
  ouvert?: boolean | null;
  [key: string]: unknown;
}

/** Lines of the plain-French opening hours, whatever the exact field the API uses. */
export function horairesLines(lieu: LieuDetail): { lines: string[]; valid: boolean } {
  for (const key of ['horaires_description', 'horaires_texte', 'horaires_detail', 'horaires_lisibles']) {
    const v = lieu[key];
    if (typeof v === 'string' && v.trim()) return { lines: v.split('\n').filter(Boolean), valid: true };
    if (Array.isArray(v)) return { lines: v.filter((x): x is string => typeof x === 'string'), valid: true };
    if (v && typeof v === 'object') {
      const o = v as { lines?: unknown; lignes?: unknown; valid?: unknown; texte?: unknown };
      const lines = Array.isArray(o.lines) ? o.lines : Array.isArray(o.lignes) ? o.lignes : typeof o.texte === 'string' ? o.texte.split('\n') : [];
      return { lines: lines.filter((x): x is string => typeof x === 'string'), valid: o.valid !== false };
    }
  }
  return lieu.horaires ? { lines: [lieu.horaires], valid: false } : { lines: [], valid: false };
}

function openNow(lieu: LieuDetail): boolean | null {
  for (const key of ['ouvert', 'ouvert_maintenant']) {
    const v = lieu[key];
    if (typeof v === 'boolean') return v;
    if (v && typeof v === 'object' && typeof (v as { ouvert?: unknown }).ouvert === 'boolean') return (v as { ouvert: boolean }).ouvert;
  }
  return null;
}

function definition(term: string, values: string[]): Node[] {
  if (!values.length) return [];
  return [h('dt', {}, term), h('dd', {}, values.length === 1 ? values[0] : h('ul', {}, ...values.map((v) => h('li', {}, v))))];
}

export function lieuView(ctx: ViewContext, id: string): AnnuaireView {
  const status = liveStatus('Chargement du lieu…');
  const body = h('div', { 'aria-busy': 'true' });
  const heading = pageTitle('Lieu');
  const content: Node[] = [h('p', { class: 'fil' }, h('a', { href: '/', 'data-lien': true }, 'Retour à la recherche')), heading, status, body];
  void (async () => {
    const [r, catalogues] = await Promise.all([get<LieuDetail>(`/api/v1/lieux/${encodeURIComponent(id)}`), loadCatalogues()]);
    body.removeAttribute('aria-busy');
    if (!r.ok) {
      heading.textContent = r.status === 404 ? 'Lieu introuvable' : 'Lieu';
      setStatus(status, r.status === 404 ? 'Ce lieu n’existe pas ou a été retiré de l’annuaire.' : `Impossible d’afficher ce lieu. ${r.message}`, r.status !== 404);
      return;
    }
    const lieu = r.data;
    heading.textContent = lieu.nom;
    document.title = `${lieu.nom} — PIN, inclusion numérique des Landes`;
    setStatus(status, '');
    status.hidden = true;
    body.replaceChildren(...renderLieu(lieu, catalogues, ctx));
  })();
  return { title: 'Lieu', content };
}

function renderLieu(lieu: LieuDetail, c: Catalogues, _ctx: ViewContext): Node[] {
  const v = c.vocab;
  const flags = lieu.flags ?? [];
  const out: Node[] = [];
  const open = openLabel(openNow(lieu));
  if (open.kind === 'ferme' && typeof lieu.prochaine_ouverture === 'string') open.text = `Fermé · ${nextOpeningLabel(lieu.prochaine_ouverture)}`;
  const closed = lieu.statut === 'ferme';
  out.push(h('p', { class: 'lieu__etat' }, closed ? badge('Lieu fermé définitivement', 'ferme') : badge(open.text, open.kind), flags.includes('a-verifier') ? badge('À vérifier', 'alerte') : null));
  const notices = flagNotices(flags);
  if (notices.length) out.push(h('div', { class: 'avertissement', role: 'note' }, h('h2', {}, 'À savoir'), ...notices.map((n) => h('p', {}, n))));
  if (lieu.presentation_resume) out.push(h('p', { class: 'chapo' }, lieu.presentation_resume));

  const address = [lieu.adresse, lieu.complement_adresse, `${lieu.code_postal} ${lieu.commune}`].filter(Boolean) as string[];
  const hasPosition = typeof lieu.latitude === 'number' && typeof lieu.longitude === 'number';
  out.push(
    h(
      'section',
      { class: 'carte', 'aria-labelledby': 'titre-adresse' },
      h('h2', { id: 'titre-adresse' }, 'Adresse et contacts'),
      h('address', {}, ...address.flatMap((line, i) => (i ? [h('br'), line] : [line]))),
      hasPosition ? h('p', {}, h('a', { href: routeUrl(lieu.latitude!, lieu.longitude!), rel: 'noopener', target: '_blank' }, 'Itinéraire vers ce lieu', h('span', { class: 'visuellement-cache' }, ' (OpenStreetMap, nouvelle fenêtre)'))) : null,
      h(
        'dl',
        { class: 'details' },
        ...(lieu.telephone ? [h('dt', {}, 'Téléphone'), h('dd', {}, h('a', { href: `tel:${lieu.telephone}` }, phoneLabel(lieu.telephone)))] : []),
        ...(lieu.courriels?.length ? [h('dt', {}, 'Courriel'), ...lieu.courriels.map((m) => h('dd', {}, h('a', { href: `mailto:${m}` }, m)))] : []),
        ...(lieu.site_web?.length ? [h('dt', {}, 'Site web'), ...lieu.site_web.map((u) => h('dd', {}, h('a', { href: u, rel: 'noopener' }, u)))] : []),
        ...(lieu.prise_rdv ? [h('dt', {}, 'Rendez-vous'), h('dd', {}, h('a', { href: lieu.prise_rdv, rel: 'noopener' }, 'Prendre rendez-vous en ligne'))] : []),
      ),
    ),
  );

  const horaires = horairesLines(lieu);
  out.push(
    h(
      'section',
      { class: 'carte', 'aria-labelledby': 'titre-horaires' },
      h('h2', { id: 'titre-horaires' }, 'Horaires d’ouverture'),
      horaires.lines.length === 0
        ? h('p', {}, 'Les horaires ne sont pas renseignés : contactez le lieu avant de vous déplacer.')
        : horaires.valid
          ? h('ul', { class: 'horaires' }, ...horaires.lines.map((l) => h('li', {}, l)))
          : h('p', {}, 'Horaires tels que saisis : ', h('span', { class: 'brut' }, horaires.lines.join(' '))),
    ),
  );

  const services = labelsOf(lieu.services, v.services);
  const demarches = labelsOf(lieu.demarches, c.demarcheLabels);
  out.push(
    h(
      'section',
      { class: 'carte', 'aria-labelledby': 'titre-services' },
      h('h2', { id: 'titre-services' }, 'Ce que propose le lieu'),
      h('h3', {}, 'Services'),
      services.length ? h('ul', {}, ...services.map((s) => h('li', {}, s))) : h('p', {}, 'Non renseigné.'),
      h('h3', {}, 'Démarches en ligne pour lesquelles on peut vous aider'),
      demarches.length ? h('ul', {}, ...demarches.map((s) => h('li', {}, s))) : h('p', {}, 'Non renseigné.'),
      lieu.presentation_detail ? h('p', {}, lieu.presentation_detail) : null,
    ),
  );

  out.push(
    h(
      'section',
      { class: 'carte', 'aria-labelledby': 'titre-acces' },
      h('h2', { id: 'titre-acces' }, 'Accès et accueil'),
      h(
        'dl',
        { class: 'details' },
        ...definition('Comment y accéder', labelsOf(lieu.modalites_acces, v.modalites_acces)),
        ...definition('Accompagnement', labelsOf(lieu.modalites_accompagnement, v.modalites_accompagnement)),
        ...definition('Frais', labelsOf(lieu.frais_a_charge, v.frais_a_charge)),
        ...definition('Publics accueillis en particulier', labelsOf(lieu.publics_specifiquement_adresses, v.publics_specifiquement_adresses)),
        ...definition('Prise en charge spécifique', labelsOf(lieu.prise_en_charge_specifique, v.prise_en_charge_specifique)),
        ...definition('Dispositifs', labelsOf(lieu.dispositif_programmes_nationaux, v.dispositif_programmes_nationaux)),
        ...definition('Formations et labels', labelsOf(lieu.formations_labels, v.formations_labels)),
        ...definition('Itinérance', labelsOf(lieu.itinerance, v.itinerance)),
      ),
      lieu.fiche_acces_libre ? h('p', {}, h('a', { href: lieu.fiche_acces_libre, rel: 'noopener' }, 'Accessibilité du lieu (fiche Accès libre)')) : null,
    ),
  );
  if (lieu.date_maj) out.push(h('p', { class: 'aide' }, `Informations mises à jour le ${dateLabel(lieu.date_maj)}.`));
  out.push(signalementSection(lieu));
  return out;
}

/** « Signaler une erreur »: motif (radio group), comment, optional e-mail; French validation and confirmation. */
function signalementSection(lieu: LieuDetail): HTMLElement {
  const summary = errorSummary('erreurs-signalement');
  const confirmation = h('div', { class: 'confirmation', role: 'status', tabindex: '-1' });
  confirmation.hidden = true;
  const motifs = h(
    'fieldset',
    { class: 'cases' },
    h('legend', {}, 'Qu’est-ce qui est inexact ? (obligatoire)'),
    ...SIGNALEMENT_MOTIFS.map((m) => h('div', { class: 'case' }, h('input', { type: 'radio', name: 'motif', id: `motif-${m.value}`, value: m.value, required: true }), h('label', { for: `motif-${m.value}` }, m.label))),
  );
  const commentaire = h('textarea', { id: 'signalement-commentaire', name: 'commentaire', rows: '4', maxlength: '2000', 'aria-describedby': 'aide-commentaire' });
  const email = h('input', { type: 'email', id: 'signalement-email', name: 'email', autocomplete: 'email', 'aria-describedby': 'aide-email' });
  const send = h('button', { type: 'submit', class: 'bouton' }, 'Envoyer le signalement');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'titre-signalement' },
    summary,
    motifs,
    h('div', { class: 'champ' }, h('label', { for: commentaire.id }, 'Précisez (facultatif, obligatoire pour « Autre chose »)'), h('p', { class: 'aide', id: 'aide-commentaire' }, 'Par exemple : les nouveaux horaires, la nouvelle adresse. 2 000 caractères au plus.'), commentaire),
    h('div', { class: 'champ' }, h('label', { for: email.id }, 'Votre adresse e-mail (facultatif)'), h('p', { class: 'aide', id: 'aide-email' }, 'Seulement pour vous tenir informé ; elle n’est pas publiée.'), email),
    h('p', { class: 'action' }, send),
  );
  const labels = { motif: 'Motif', commentaire: 'Précisions', email: 'Adresse e-mail' };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = { motif: form.querySelector<HTMLInputElement>('input[name=motif]:checked')?.value ?? '', commentaire: commentaire.value, email: email.value };
    const errors = validateSignalement(input);
    showErrors(form, summary, errors, labels);
    if (errors.length) return;
    send.disabled = true;
    const body: Record<string, string> = { motif: input.motif };
    if (input.commentaire.trim()) body.commentaire = input.commentaire.trim();
    if (input.email.trim()) body.email = input.email.trim();
    const r = await call<unknown>('POST', `/api/v1/lieux/${encodeURIComponent(lieu.id)}/signalements`, body);
    send.disabled = false;
    if (!r.ok) {
      const fields = fieldErrors(r.details);
      showErrors(form, summary, fields.length ? fields : [{ field: '', message: r.message }], labels);
      return;
    }
    form.hidden = true;
    confirmation.hidden = false;
    confirmation.replaceChildren(h('h3', {}, 'Merci, votre signalement a été envoyé.'), h('p', {}, 'La structure et l’animateur du réseau vont vérifier ces informations.'));
    confirmation.focus();
  });
  return h('section', { class: 'carte', 'aria-labelledby': 'titre-signalement' }, h('h2', { id: 'titre-signalement' }, 'Signaler une erreur'), h('p', {}, 'Une information est fausse ou le lieu n’existe plus ? Dites-le nous.'), form, confirmation);
}
