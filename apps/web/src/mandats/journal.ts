import type { JournalEntry } from './types';

/** Who reads the journal: the usager about themselves, or a professional about « la personne ». */
export type Reader = { kind: 'usager'; name?: string } | { kind: 'aidant' };

/** Entries written by PIN itself (scheduled tasks), not by a person. */
const AUTOMATIC = new Set(['mandat.expire', 'mandat.expiration_proche', 'donnees.purgees']);

const USAGER_HIMSELF = /^l['’]usager$/i;

/**
 * Who acted, as the reader says it: « Vous », « Votre aidant Alex Martin », « Alex Martin », or,
 * once the name was erased, the structure; never a dash.
 */
export function actorOf(e: JournalEntry, reader: Reader): { subject: string; self: boolean; automatic: boolean } {
  if (AUTOMATIC.has(e.action)) return { subject: 'PIN', self: false, automatic: true };
  const name = e.acteur?.trim();
  // The mandates service writes « l’usager » for what the person did themselves (a revocation).
  const byUsager = e.action === 'usager.relie' || (!!name && USAGER_HIMSELF.test(name));
  if (reader.kind === 'usager') {
    if (byUsager || (name && reader.name && name === reader.name.trim())) return { subject: 'Vous', self: true, automatic: false };
    if (name) return { subject: `Votre aidant ${name}`, self: false, automatic: false };
    return { subject: e.structure ? `Un aidant de ${e.structure}` : 'Un aidant (nom effacé)', self: false, automatic: false };
  }
  if (byUsager) return { subject: 'La personne', self: true, automatic: false };
  if (name) return { subject: name, self: false, automatic: false };
  return { subject: e.structure ? `Un membre de ${e.structure}` : 'Un aidant (nom effacé)', self: false, automatic: false };
}

/** « Votre aidant… » → « votre aidant… » inside a sentence; names stay as they are. */
const lower = (s: string) => (/^(Vous|Votre |Un |La )/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** One journal line as a sentence that names who acted, from the reader's point of view. */
export function journalSentence(e: JournalEntry, reader: Reader): string {
  const who = actorOf(e, reader);
  const u = reader.kind === 'usager';
  const s = who.subject;
  // « par vous », « par votre aidant Alex », « par Alex Martin ».
  const by = `par ${lower(s)}`;
  const act = (you: string, other: string) => (who.self && u ? `Vous ${you}` : `${s} ${other}`);
  switch (e.action) {
    case 'usager.cree':
      return u ? `${s} a créé votre dossier, après avoir vérifié votre identité sur une pièce officielle` : `${s} a enregistré la personne (identité vérifiée sur pièce)`;
    case 'usager.consulte':
      return u ? act('avez consulté vos données', 'a consulté vos données') : `${s} a consulté les données de la personne`;
    case 'usager.modifie':
      return u ? act('avez modifié vos coordonnées', 'a modifié vos coordonnées') : `${s} a modifié les coordonnées de la personne`;
    case 'usager.relie':
      return u ? 'Vous avez relié votre compte personnel à votre dossier' : 'La personne a relié son compte personnel à son dossier';
    case 'usager.code_emis':
      return u ? `${s} a émis un nouveau code pour relier votre compte` : `${s} a émis un nouveau code pour que la personne relie son compte`;
    case 'mandat.cree':
      return u ? `Un mandat a été créé ${by}, avec votre accord` : `Un mandat a été créé ${by}, avec l’accord de la personne`;
    case 'mandat.renouvele':
      return `Un mandat a été renouvelé ${by} (nouveau consentement)`;
    case 'mandat.revoque':
      return `Un mandat a été révoqué ${by}`;
    case 'mandat.expire':
      return 'Un mandat est arrivé à échéance (PIN, automatiquement)';
    case 'mandat.expiration_proche':
      return u ? 'PIN vous a prévenu qu’un mandat arrive à échéance dans 30 jours' : 'PIN a prévenu la personne qu’un mandat arrive à échéance dans 30 jours';
    case 'autorisation.creee':
      return `Une autorisation a été donnée ${by} pour une démarche`;
    case 'autorisation.utilisee':
      return u ? `${s} a agi en votre nom pour une démarche` : `${s} a agi au nom de la personne pour une démarche`;
    case 'autorisation.revoquee':
      return `Une autorisation a été révoquée ${by}`;
    case 'autorisation.refusee':
      return u ? `${s} a voulu agir en votre nom : PIN a refusé` : `${s} a voulu agir au nom de la personne : PIN a refusé`;
    case 'donnees.purgees':
      return u ? 'PIN a effacé vos données personnelles (durée de conservation atteinte)' : 'PIN a effacé les données personnelles de la personne (durée de conservation atteinte)';
    default:
      return `${e.libelle ?? e.action} (${by})`;
  }
}

/** Démarche, structure, reason, repeated consultations: what the line adds, or null. */
export function journalDetails(e: JournalEntry): string | null {
  const parts = [e.demarche, e.structure ? `Structure : ${e.structure}` : null, e.detail].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length ? parts.join(' — ') : null;
}
