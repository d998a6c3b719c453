import { h } from '../dom';
import type { View } from '../view';
import { attestationUrl, attestationWithCode, createMandat, fetchUsager, type Mandat, type Usager } from './mandats.api';
import { DEMARCHES, DUREES, demarcheLabel, frCalendarDate, frDateTime } from './demarches';
import { choiceGroup, errorSummary, liveStatus, type FieldError } from './form';
import { idempotencyKey } from './http';
import { pageTitle, structureChoice, structureLabel, type StructureOption } from './page';

export const CONSENT_TEXT = [
  'La personne m’a donné son accord, en ma présence, pour que j’effectue en son nom les démarches cochées, pendant la durée choisie.',
  'Je l’ai informée que ce mandat est un mandat au sens des articles 1984 et suivants du Code civil, qu’il ne couvre que ces démarches, qu’elle peut le révoquer à tout moment, elle-même depuis son espace PIN ou auprès de la structure, et que chaque utilisation est inscrite dans un journal qu’elle peut consulter.',
  'Je l’ai informée que ses données sont traitées sur le fondement de l’article 6 du RGPD (consentement et exécution du mandat), conservées au plus trois ans après la fin du dernier mandat, et qu’elle peut y accéder, les faire rectifier ou effacer.',
];

const STEPS = ['Démarches et durée', 'Vérification et consentement', 'Attestation'];

/** Aidant: the mandate wizard (choices → summary and consent → attestation to print). */
export function wizardView(usagerId: string, structures: Array<string | StructureOption>): View {
  const container = h('div', {});
  const status = liveStatus('Chargement de la fiche de l’usager…');
  void fetchUsager(usagerId).then((res) => {
    if (!res.ok) {
      status.classList.add('statut--erreur');
      status.textContent = res.status === 404 ? 'Usager introuvable.' : `Impossible de charger l’usager. ${res.message}`;
      return;
    }
    status.textContent = '';
    choicesStep(container, res.data, structures);
  });
  return { title: 'Nouveau mandat', content: [pageTitle('Nouveau mandat'), status, container] };
}

function stepper(current: number): HTMLElement {
  return h(
    'ol',
    { class: 'etapes', 'aria-label': 'Étapes' },
    ...STEPS.map((s, i) => h('li', { 'aria-current': i === current ? 'step' : undefined }, `${i + 1}. ${s}`)),
  );
}

function stepHeading(current: number): HTMLElement {
  return h('h2', { tabindex: '-1', id: 'titre-etape' }, `Étape ${current + 1} sur ${STEPS.length} : ${STEPS[current]}`);
}

interface Choices {
  structureId?: string;
  demarches: string[];
  dureeJours: number;
}

function who(u: Usager): string {
  return `${u.nom.toLocaleUpperCase('fr-FR')} ${u.prenoms}, né(e) le ${frCalendarDate(u.dateNaissance)}`;
}

function choicesStep(container: HTMLElement, usager: Usager, structures: Array<string | StructureOption>, previous?: Choices): void {
  const summary = errorSummary();
  const structure = structureChoice('mandat-structure', structures);
  if (structure && previous?.structureId) structure.root.querySelectorAll('input').forEach((i) => (i.checked = i.value === previous.structureId));
  const demarches = choiceGroup(
    'mandat-demarches',
    'Démarches couvertes par le mandat',
    'checkbox',
    DEMARCHES.map((d) => ({ value: d.slug, label: d.label, hint: d.description, checked: previous?.demarches.includes(d.slug) })),
    'Cochez uniquement les domaines dont la personne a besoin aujourd’hui.',
  );
  const duree = choiceGroup(
    'mandat-duree',
    'Durée du mandat',
    'radio',
    DUREES.map((d) => ({ value: String(d.jours), label: d.label, hint: d.hint, checked: previous?.dureeJours === d.jours })),
  );
  const form = h('form', { novalidate: true, 'aria-labelledby': 'titre-etape' }, summary.root, structure?.root ?? null, demarches.root, duree.root, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'bouton' }, 'Continuer'), h('a', { href: `/app/usagers/${usager.id}`, 'data-lien': true }, 'Annuler')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const errors: FieldError[] = [];
    const chosen = demarches.values();
    const days = Number(duree.values()[0]);
    demarches.setError(chosen.length ? null : 'Cochez au moins une démarche.');
    if (!chosen.length) errors.push({ field: demarches.firstId, message: 'Cochez au moins une démarche.' });
    duree.setError(days ? null : 'Choisissez la durée du mandat.');
    if (!days) errors.push({ field: duree.firstId, message: 'Choisissez la durée du mandat.' });
    if (errors.length) {
      summary.show(errors);
      return;
    }
    consentStep(container, usager, structures, { structureId: structure?.value(), demarches: chosen, dureeJours: days });
  });
  show(container, 0, h('p', {}, 'Mandat pour ', h('strong', {}, who(usager)), '.'), form);
}

function consentStep(container: HTMLElement, usager: Usager, structures: Array<string | StructureOption>, choices: Choices): void {
  const summary = errorSummary();
  const status = liveStatus();
  const consent = h('input', { type: 'checkbox', id: 'mandat-consentement', name: 'consentement' });
  const consentError = h('p', { class: 'champ__erreur', id: 'mandat-consentement-erreur', hidden: true });
  const key = idempotencyKey();
  const structureName = structures.map((s) => (typeof s === 'string' ? { id: s, nom: structureLabel(s) } : s)).find((s) => s.id === choices.structureId)?.nom;
  const recap = h(
    'dl',
    { class: 'recap' },
    h('dt', {}, 'Usager'),
    h('dd', {}, who(usager)),
    structureName ? h('dt', {}, 'Structure') : null,
    structureName ? h('dd', {}, structureName) : null,
    h('dt', {}, 'Démarches'),
    h('dd', {}, h('ul', { class: 'liste-simple' }, ...choices.demarches.map((d) => h('li', {}, demarcheLabel(d))))),
    h('dt', {}, 'Durée'),
    h('dd', {}, DUREES.find((d) => d.jours === choices.dureeJours)?.label ?? `${choices.dureeJours} jours`),
  );
  const back = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Modifier mes choix');
  back.addEventListener('click', () => choicesStep(container, usager, structures, choices));
  const submit = h('button', { type: 'submit', class: 'bouton' }, 'Créer le mandat');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'titre-etape' },
    summary.root,
    h('section', { 'aria-labelledby': 'titre-recap' }, h('h3', { id: 'titre-recap' }, 'Récapitulatif'), recap),
    h(
      'fieldset',
      { class: 'groupe', 'aria-describedby': 'texte-consentement' },
      h('legend', {}, 'Consentement de la personne'),
      h('div', { class: 'texte-legal', id: 'texte-consentement', tabindex: '0', role: 'region', 'aria-label': 'Texte du consentement' }, ...CONSENT_TEXT.map((p) => h('p', {}, p))),
      consentError,
      h('div', { class: 'choix' }, consent, h('label', { for: consent.id }, 'Je confirme avoir lu ce texte à la personne, qui a donné son consentement.')),
    ),
    h('div', { class: 'actions' }, submit, back),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    consentError.hidden = consent.checked;
    consentError.textContent = consent.checked ? '' : 'Erreur : le consentement de la personne est obligatoire.';
    if (!consent.checked) {
      consent.setAttribute('aria-invalid', 'true');
      consent.setAttribute('aria-describedby', consentError.id);
      summary.show([{ field: consent.id, message: 'Le consentement de la personne est obligatoire.' }]);
      return;
    }
    summary.clear();
    submit.disabled = true;
    status.textContent = 'Création du mandat…';
    void createMandat({ usagerId: usager.id, structureId: choices.structureId, demarches: choices.demarches, dureeJours: choices.dureeJours, consentement: true }, key).then((res) => {
      submit.disabled = false;
      if (!res.ok) {
        status.textContent = '';
        summary.show([{ field: '', message: res.message }], 'Le mandat n’a pas été créé');
        return;
      }
      doneStep(container, usager, res.data);
    });
  });
  show(container, 1, form);
}

function doneStep(container: HTMLElement, usager: Usager, mandat: Mandat): void {
  const download = h('a', { class: 'bouton', href: attestationUrl(mandat.id), download: `mandat-${mandat.id}.pdf` }, 'Télécharger l’attestation (PDF)');
  const print = h('a', { class: 'bouton bouton--secondaire', href: attestationUrl(mandat.id), target: '_blank', rel: 'noopener' }, 'Ouvrir pour imprimer', h('span', { class: 'visuellement-cache' }, ' (nouvel onglet)'));
  const preparing = h('p', { role: 'status' });
  if (mandat.codeReclamation) {
    // The claim code goes in a POST body; the links then point at the PDF held by this page.
    download.hidden = print.hidden = true;
    preparing.textContent = 'Préparation de l’attestation…';
    void attestationWithCode(mandat.id, mandat.codeReclamation).then((res) => {
      if (!res.ok) {
        preparing.textContent = res.message;
        return;
      }
      download.href = print.href = res.url;
      download.hidden = print.hidden = false;
      preparing.textContent = '';
    });
  }
  show(
    container,
    2,
    h(
      'div',
      { class: 'succes', role: 'status' },
      h('p', {}, h('strong', {}, 'Mandat créé.'), ` Il est valable du ${frDateTime(mandat.debut)} au ${frDateTime(mandat.fin)}.`),
    ),
    mandat.codeReclamation
      ? h('p', {}, 'Code à usage unique de la personne pour créer son espace : ', h('span', { class: 'code-reclamation' }, mandat.codeReclamation), ' (il figure aussi sur l’attestation).')
      : null,
    h('p', {}, 'Imprimez l’attestation en deux exemplaires : l’un pour la personne, l’autre pour la structure. Faites-les signer.'),
    preparing,
    h(
      'div',
      { class: 'actions' },
      download,
      print,
      h('a', { href: `/app/usagers/${usager.id}`, 'data-lien': true }, 'Revenir à la fiche de l’usager'),
    ),
  );
}

function show(container: HTMLElement, step: number, ...content: Array<Node | null>): void {
  container.replaceChildren(stepper(step), stepHeading(step), ...content.filter((n): n is Node => n !== null));
  container.querySelector<HTMLElement>('#titre-etape')?.focus();
}
