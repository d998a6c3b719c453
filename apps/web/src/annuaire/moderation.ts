import { POLICIES } from '@pin/contracts/policies';
import { h } from '../dom';
import type { ViewContext } from '../view';
import { call, get, type PageOf } from './api';
import { dateLabel, fieldErrors, SIGNALEMENT_MOTIFS } from './format';
import { accessGate, errorSummary, liveStatus, pageTitle, setStatus, showErrors, type AnnuaireView } from './ui';

interface Signalement {
  id: string;
  lieu_id: string;
  lieu_nom?: string;
  lieu?: { id?: string; nom?: string; commune?: string };
  motif: string;
  commentaire?: string | null;
  statut: string;
  created_at: string;
}

const motifLabel = (m: string) => SIGNALEMENT_MOTIFS.find((x) => x.value === m)?.label ?? m;

/** Moderation queue: open signalements of the lieux the user may edit; corriger (after editing the lieu) or rejeter with a reason. */
export function moderationView(ctx: ViewContext): AnnuaireView {
  const title = 'Signalements à traiter';
  const gate = accessGate(ctx, title, POLICIES.signalement.moderate);
  if (gate) return gate;
  const status = liveStatus('Chargement des signalements…');
  const list = h('ul', { class: 'signalements' });
  /** `done`: the result of the last decision, announced with the new count. */
  const load = async (done = '') => {
    const r = await get<PageOf<Signalement> | Signalement[]>('/api/v1/signalements?statut=ouvert&pageSize=100');
    if (!r.ok) {
      setStatus(status, `Impossible d’afficher les signalements. ${r.message}`, true);
      return;
    }
    const items = Array.isArray(r.data) ? r.data : r.data.items;
    const count = items.length === 0 ? 'Aucun signalement à traiter.' : items.length === 1 ? '1 signalement à traiter.' : `${items.length} signalements à traiter.`;
    setStatus(status, done ? `${done} ${count}` : count);
    list.replaceChildren(...items.map((s) => card(s, (message) => void load(message))));
  };
  void load();
  return { title, content: [pageTitle(title), status, list] };
}

function card(s: Signalement, reload: (done: string) => void): HTMLElement {
  const lieuId = s.lieu?.id ?? s.lieu_id;
  const nom = s.lieu?.nom ?? s.lieu_nom ?? 'Lieu';
  const titleId = `signalement-${s.id}`;
  const summary = errorSummary(`erreurs-${s.id}`);
  const reasonId = `motif-${s.id}`;
  const reason = h('textarea', { id: reasonId, name: 'motif', rows: '2', maxlength: '1000', 'aria-describedby': `aide-${reasonId}` });
  const labels = { motif: 'Motif' };
  const form = h(
    'form',
    { class: 'resolution', novalidate: true, 'aria-labelledby': titleId },
    summary,
    h(
      'div',
      { class: 'champ' },
      h('label', { for: reasonId }, 'Motif de la décision (obligatoire)'),
      h('p', { class: 'aide', id: `aide-${reasonId}` }, 'Ex. « Horaires corrigés sur la fiche » ou « Horaires vérifiés par téléphone : ils sont justes ».'),
      reason,
    ),
    h(
      'p',
      { class: 'action' },
      h('button', { type: 'submit', class: 'bouton', name: 'action', value: 'corriger' }, 'Marquer comme corrigé'),
      h('button', { type: 'submit', class: 'bouton bouton--secondaire', name: 'action', value: 'rejeter' }, 'Rejeter le signalement'),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const action = ((e as SubmitEvent).submitter as HTMLButtonElement | null)?.value === 'rejeter' ? 'rejeter' : 'corriger';
    const motif = reason.value.trim();
    if (!motif) {
      showErrors(form, summary, [{ field: 'motif', message: action === 'rejeter' ? 'Indiquez pourquoi ce signalement est rejeté.' : 'Indiquez ce qui a été corrigé.' }], labels);
      return;
    }
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    const r = await call<unknown>('POST', `/api/v1/signalements/${encodeURIComponent(s.id)}/resolution`, { action, motif });
    for (const b of form.querySelectorAll('button')) b.disabled = false;
    if (!r.ok) {
      const fields = fieldErrors(r.details);
      showErrors(form, summary, fields.length ? fields : [{ field: '', message: r.message }], labels);
      return;
    }
    reload(action === 'rejeter' ? `Signalement sur « ${nom} » rejeté.` : `Signalement sur « ${nom} » marqué comme corrigé.`);
  });
  return h(
    'li',
    { class: 'carte signalement' },
    h('h2', { id: titleId }, nom),
    h('p', {}, h('strong', {}, motifLabel(s.motif)), ` — reçu le ${dateLabel(s.created_at)}`),
    s.commentaire ? h('blockquote', {}, s.commentaire) : null,
    h('p', {}, h('a', { href: `/app/mes-lieux/${encodeURIComponent(lieuId)}`, 'data-lien': true }, 'Corriger la fiche du lieu', h('span', { class: 'visuellement-cache' }, ` ${nom}`))),
    form,
  );
}
