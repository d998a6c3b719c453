import { h } from '../dom';
import type { View } from '../view';
import { claimUsager, fetchMyJournal, fetchMyMandats, fetchUsager, fetchUsagerJournal, fetchUsagerMandats, issueClaimCode, type Usager } from './mandats.api';
import { frCalendarDate } from './demarches';
import { errorSummary, liveStatus, textField } from './form';
import { journalSection, mandatsSection } from './mandats-list';
import { pageTitle } from './page';

/** Aidant: one usager, their mandates (revoke, attestations) and their journal. */
export function usagerView(id: string): View {
  const identity = h('section', { class: 'carte', 'aria-labelledby': 'titre-identite' }, h('h2', { id: 'titre-identite' }, 'Identité'), liveStatus('Chargement…'));
  const heading = pageTitle('Fiche usager');
  void fetchUsager(id).then((res) => {
    if (!res.ok) {
      identity.replaceChildren(h('h2', { id: 'titre-identite' }, 'Identité'), h('p', { class: 'statut statut--erreur' }, res.status === 404 ? 'Usager introuvable.' : `Impossible de charger la fiche. ${res.message}`));
      return;
    }
    const u = res.data;
    heading.textContent = `${u.nom.toLocaleUpperCase('fr-FR')} ${u.prenoms}`;
    document.title = `${heading.textContent} — PIN, inclusion numérique des Landes`;
    identity.replaceChildren(
      h('h2', { id: 'titre-identite' }, 'Identité'),
      h(
        'dl',
        { class: 'recap' },
        h('dt', {}, 'Naissance'),
        h('dd', {}, `Le ${frCalendarDate(u.dateNaissance)} à ${u.lieuNaissance}`),
        h('dt', {}, 'Adresse électronique'),
        h('dd', {}, u.email ?? 'Non renseignée'),
        h('dt', {}, 'Téléphone'),
        h('dd', {}, u.telephone ?? 'Non renseigné'),
      ),
      h('p', { class: 'actions' }, h('a', { class: 'bouton', href: `/app/usagers/${u.id}/nouveau-mandat`, 'data-lien': true }, 'Établir un nouveau mandat')),
      accountBlock(u),
    );
  });
  const journal = journalSection(() => fetchUsagerJournal(id), 'Journal de l’usager');
  return {
    title: 'Fiche usager',
    content: [h('p', {}, h('a', { href: '/app/usagers', 'data-lien': true }, 'Retour aux usagers')), heading, identity, mandatsSection(() => fetchUsagerMandats(id), { asUsager: false, onChange: () => void journal.refresh() }), journal.root],
  };
}

/** Whether the person reads their mandates in their own space; if not, a new one-time code (the old one stops working). */
function accountBlock(u: Usager): HTMLElement {
  if (u.compteRelie) return h('p', {}, 'La personne a relié son compte PIN : elle voit ses mandats et son journal dans son espace.');
  const status = liveStatus();
  const issue = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Émettre un nouveau code pour son espace');
  issue.addEventListener('click', () => {
    issue.disabled = true;
    status.textContent = 'Émission du code…';
    void issueClaimCode(u.id).then((res) => {
      issue.disabled = false;
      status.replaceChildren(
        res.ok
          ? h('span', {}, 'Nouveau code à usage unique, à remettre à la personne : ', h('span', { class: 'code-reclamation' }, res.data.codeReclamation), '. Le code précédent ne fonctionne plus.')
          : `Le code n’a pas pu être émis. ${res.message}`,
      );
    });
  });
  return h('div', {}, h('p', {}, 'La personne n’a pas encore relié son compte PIN. Le code imprimé sur son attestation le lui permet ; s’il est perdu, émettez-en un nouveau.'), h('p', { class: 'actions' }, issue), status);
}

/** Usager: my mandates (revoke them), my journal, and the one-time code printed on a mandate. */
export function myMandatesView(): View {
  const journal = journalSection(fetchMyJournal, 'Mon journal');
  const mandats = h('div', {}, mandatsSection(fetchMyMandats, { asUsager: true, onChange: () => void journal.refresh() }));
  return {
    title: 'Mes mandats',
    content: [
      pageTitle('Mes mandats'),
      h('p', { class: 'chapo' }, 'Les mandats que vous avez donnés à un aidant pour faire des démarches à votre place. Vous pouvez les révoquer à tout moment.'),
      claimSection(() => {
        mandats.replaceChildren(mandatsSection(fetchMyMandats, { asUsager: true, onChange: () => void journal.refresh() }));
        void journal.refresh();
      }),
      mandats,
      journal.root,
    ],
  };
}

function claimSection(claimed: () => void): HTMLElement {
  const summary = errorSummary();
  const code = textField('code-reclamation', 'Code à usage unique', { hint: 'Il figure sur l’attestation de votre mandat, par exemple K7QF-3XMP-9TRA.', required: true, autocomplete: 'one-time-code' });
  const status = liveStatus();
  const form = h('form', { novalidate: true, 'aria-labelledby': 'titre-code' }, summary.root, code.root, h('button', { type: 'submit', class: 'bouton' }, 'Relier mes mandats'));
  // Once a code is used the form gives way to what happened; a person followed by another
  // structure links that dossier too, with the code printed there.
  const another = h('button', { type: 'button', class: 'bouton bouton--secondaire', hidden: true }, 'Relier un dossier d’une autre structure');
  another.addEventListener('click', () => {
    another.hidden = true;
    form.hidden = false;
    status.textContent = '';
    code.input.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = code.input.value.trim().toUpperCase();
    if (!value) {
      code.setError('Saisissez le code imprimé sur votre mandat.');
      summary.show([{ field: code.input.id, message: 'Saisissez le code imprimé sur votre mandat.' }]);
      return;
    }
    code.setError(null);
    summary.clear();
    status.textContent = 'Vérification du code…';
    void claimUsager(value).then((res) => {
      if (!res.ok) {
        status.textContent = '';
        code.setError(res.message);
        summary.show([{ field: code.input.id, message: res.message }]);
        return;
      }
      code.input.value = '';
      form.hidden = true;
      another.hidden = false;
      status.textContent = 'Vos mandats sont maintenant reliés à votre compte.';
      status.setAttribute('tabindex', '-1');
      status.focus();
      claimed();
    });
  });
  return h(
    'section',
    { class: 'carte', 'aria-labelledby': 'titre-code' },
    h('h2', { id: 'titre-code' }, 'Relier un mandat à mon compte'),
    h('p', {}, 'Lors de votre premier mandat, l’aidant vous a remis une attestation avec un code à usage unique. Saisissez-le pour voir vos mandats ici. Si plusieurs structures vous accompagnent, saisissez le code de chacune.'),
    form,
    status,
    another,
  );
}
