import { h } from '../dom';
import type { View } from '../view';
import { createUsager, searchUsagers, selectStructure, selectedStructure, type Usager } from './mandats.api';
import { frCalendarDate } from './demarches';
import { errorSummary, liveStatus, selectField, textField, type FieldError } from './form';
import { navigate, pageTitle, structureLabel } from './page';

/** Aidant: find a usager, or create one (after checking an ID document), with a duplicate warning. */
export function usagersView(structures: string[]): View {
  return {
    title: 'Usagers accompagnés',
    content: [
      pageTitle('Usagers accompagnés'),
      h('p', { class: 'chapo' }, 'Retrouvez la personne que vous accompagnez, ou enregistrez-la pour établir un mandat.'),
      structureSection(structures),
      searchSection(),
      createSection(structures),
    ].filter((n): n is HTMLElement => n !== null),
  };
}

function usagerLink(u: Usager): HTMLElement {
  return h('a', { href: `/app/usagers/${u.id}`, 'data-lien': true }, `${u.nom.toLocaleUpperCase('fr-FR')} ${u.prenoms}`);
}

/** An aidant of several structures says which one they act for; usagers and mandates are per structure. */
function structureSection(structures: string[]): HTMLElement | null {
  if (structures.length < 2) return null;
  if (!structures.includes(selectedStructure() ?? '')) selectStructure(structures[0]);
  const field = selectField('structure-active', 'Structure pour laquelle vous agissez', structures.map((id) => ({ value: id, label: structureLabel(id) })));
  field.input.value = selectedStructure() ?? structures[0];
  const status = liveStatus();
  field.input.addEventListener('change', () => {
    selectStructure(field.input.value);
    status.textContent = `Vous agissez maintenant pour ${structureLabel(field.input.value)}.`;
  });
  return h('section', { class: 'carte', 'aria-labelledby': 'titre-structure-active' }, h('h2', { id: 'titre-structure-active' }, 'Structure'), field.root, status);
}

function searchSection(): HTMLElement {
  const q = textField('recherche-usager', 'Nom, prénom ou date de naissance', { type: 'search', hint: 'Par exemple : Dupont, ou 02/03/1950.', required: true });
  const status = liveStatus();
  const results = h('div', {});
  const form = h('form', { role: 'search', 'aria-label': 'Rechercher un usager', novalidate: true }, q.root, h('button', { type: 'submit', class: 'bouton' }, 'Rechercher'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = q.input.value.trim();
    if (text.length < 2) {
      q.setError('Saisissez au moins deux caractères.');
      q.input.focus();
      return;
    }
    q.setError(null);
    status.textContent = 'Recherche en cours…';
    void searchUsagers(text).then((res) => {
      if (!res.ok) {
        status.textContent = `La recherche a échoué. ${res.message}`;
        return;
      }
      const items = res.data.items;
      status.textContent = items.length === 0 ? 'Aucun usager ne correspond à cette recherche.' : items.length === 1 ? 'Un usager trouvé.' : `${items.length} usagers trouvés.`;
      results.replaceChildren(items.length ? h('ul', { class: 'liste-simple' }, ...items.map((u) => h('li', {}, usagerLink(u), ` — né(e) le ${frCalendarDate(u.dateNaissance)} à ${u.lieuNaissance}`))) : '');
    });
  });
  return h('section', { class: 'carte', 'aria-labelledby': 'titre-recherche' }, h('h2', { id: 'titre-recherche' }, 'Rechercher un usager'), form, status, results);
}

function createSection(structures: string[]): HTMLElement {
  const summary = errorSummary();
  const nom = textField('usager-nom', 'Nom de naissance', { required: true, autocomplete: 'off' });
  const prenoms = textField('usager-prenoms', 'Prénoms', { required: true, hint: 'Tous les prénoms, comme sur la pièce d’identité.' });
  const naissance = textField('usager-date-naissance', 'Date de naissance', { type: 'date', required: true });
  const lieu = textField('usager-lieu-naissance', 'Lieu de naissance', { required: true, hint: 'Commune, ou pays pour une naissance à l’étranger.' });
  const email = textField('usager-email', 'Adresse électronique', { type: 'email', hint: 'Pour prévenir la personne avant la fin de son mandat.' });
  const tel = textField('usager-telephone', 'Téléphone', { type: 'tel', inputmode: 'tel' });
  const idCheck = h('input', { type: 'checkbox', id: 'usager-identite-verifiee', name: 'identite' });
  const idRoot = h('div', { class: 'choix' }, idCheck, h('label', { for: 'usager-identite-verifiee' }, 'J’atteste avoir vérifié l’identité de la personne sur une pièce d’identité originale en cours de validité.'));
  const idError = h('p', { class: 'champ__erreur', id: 'usager-identite-erreur', hidden: true });
  const duplicate = h('div', { hidden: true });
  const status = liveStatus();
  let confirmDuplicate = false;

  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'titre-creation' },
    summary.root,
    nom.root,
    prenoms.root,
    naissance.root,
    lieu.root,
    email.root,
    tel.root,
    h('fieldset', { class: 'groupe' }, h('legend', {}, 'Vérification de l’identité'), idError, idRoot),
    duplicate,
    h('button', { type: 'submit', class: 'bouton' }, 'Enregistrer l’usager'),
    status,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const errors: FieldError[] = [];
    const check = (f: ReturnType<typeof textField>, ok: boolean, message: string) => {
      f.setError(ok ? null : message);
      if (!ok) errors.push({ field: f.input.id, message });
    };
    check(nom, nom.input.value.trim() !== '', 'Indiquez le nom de naissance.');
    check(prenoms, prenoms.input.value.trim() !== '', 'Indiquez les prénoms.');
    const birth = naissance.input.value;
    check(naissance, /^\d{4}-\d{2}-\d{2}$/.test(birth) && birth <= new Date().toISOString().slice(0, 10), birth ? 'La date de naissance doit être une date passée.' : 'Indiquez la date de naissance.');
    check(lieu, lieu.input.value.trim() !== '', 'Indiquez le lieu de naissance.');
    const mail = email.input.value.trim();
    check(email, mail === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(mail), 'Saisissez une adresse électronique valide, par exemple nom@exemple.fr.');
    const phone = tel.input.value.trim();
    check(tel, phone === '' || /^[+\d][\d\s.-]{5,}$/.test(phone), 'Saisissez un numéro de téléphone valide, par exemple 05 58 00 00 00.');
    idError.hidden = idCheck.checked;
    idError.textContent = idCheck.checked ? '' : 'Erreur : vous devez avoir vérifié une pièce d’identité.';
    if (idCheck.checked) idCheck.removeAttribute('aria-invalid');
    else {
      idCheck.setAttribute('aria-invalid', 'true');
      idCheck.setAttribute('aria-describedby', idError.id);
      errors.push({ field: idCheck.id, message: 'Vous devez avoir vérifié une pièce d’identité.' });
    }
    if (errors.length) {
      summary.show(errors);
      return;
    }
    summary.clear();
    status.textContent = 'Enregistrement…';
    void createUsager({
      structureId: selectedStructure() ?? structures[0],
      nom: nom.input.value.trim(),
      prenoms: prenoms.input.value.trim(),
      dateNaissance: birth,
      lieuNaissance: lieu.input.value.trim(),
      email: mail || undefined,
      telephone: phone || undefined,
      identiteVerifiee: true,
      confirmerDoublon: confirmDuplicate || undefined,
    }).then((res) => {
      if (res.ok) {
        status.textContent = 'Usager enregistré.';
        navigate(`/app/usagers/${res.data.id}`);
        return;
      }
      status.textContent = '';
      if (res.duplicates) {
        confirmDuplicate = true;
        duplicate.hidden = false;
        duplicate.replaceChildren(
          h(
            'div',
            { class: 'alerte', role: 'alert', tabindex: '-1', id: 'alerte-doublon' },
            h('h3', {}, 'Cette personne est peut-être déjà enregistrée'),
            h('p', {}, 'Un usager de même identité existe déjà. Ouvrez sa fiche plutôt que d’en créer une seconde :'),
            h('ul', { class: 'liste-simple' }, ...res.duplicates.map((u) => h('li', {}, usagerLink(u), ` — né(e) le ${frCalendarDate(u.dateNaissance)} à ${u.lieuNaissance}`))),
            h('p', {}, 'S’il s’agit bien d’une autre personne, cliquez de nouveau sur « Enregistrer l’usager ».'),
          ),
        );
        duplicate.querySelector<HTMLElement>('#alerte-doublon')?.focus();
        return;
      }
      summary.show([{ field: '', message: res.message }], 'L’usager n’a pas pu être enregistré');
    });
  });
  return h('section', { class: 'carte', 'aria-labelledby': 'titre-creation' }, h('h2', { id: 'titre-creation' }, 'Enregistrer un nouvel usager'), form);
}

