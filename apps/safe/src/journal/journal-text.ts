import { SAFE_CATEGORIES, type SafeCategory, type SafeJournalLine } from '@pin/contracts';
import type { SafeJournalRecord } from './journal.types';

/** Who, in plain French, without naming anyone the safe does not know (structures are ids: the web names them). */
function who(r: SafeJournalRecord): string {
  switch (r.actorRole) {
    case 'usager':
      return 'Vous avez';
    case 'aidant':
      return 'Un aidant de la structure qui vous accompagne a';
    case 'admin':
      return 'L’équipe d’exploitation de PIN a';
    default:
      return 'PIN a';
  }
}

const REFUSALS: Record<string, string> = {
  'DOCUMENT.INTEGRITY_FAILED': 'le document a été altéré ou ne correspond pas à son enregistrement',
  'DOCUMENT.KEY_UNAVAILABLE': 'la clé du document n’est pas disponible',
};

/** « Qui a vu mes documents » : one sentence per entry, with the document's name when it can still be read. */
export function journalText(r: SafeJournalRecord, names: ReadonlyMap<string, string>): string {
  const doc = r.documentId ? (names.get(r.documentId) ? `« ${names.get(r.documentId)} »` : 'un document supprimé') : '';
  const cat = typeof r.data['categorie'] === 'string' ? SAFE_CATEGORIES[r.data['categorie'] as SafeCategory] ?? '' : '';
  switch (r.action) {
    case 'document.depose':
      return `${who(r)} déposé ${doc} (${cat}).`;
    case 'document.consulte':
      return `${who(r)} ouvert ${doc}.`;
    case 'document.supprime':
      return `${who(r)} supprimé ${doc} : sa clé de chiffrement a été détruite.`;
    case 'document.refuse':
      return `L’ouverture de ${doc} a été refusée : ${REFUSALS[String(r.data['code'])] ?? 'le document ne peut pas être vérifié'}.`;
    case 'document.a_renouveler':
      return `${doc.charAt(0).toUpperCase()}${doc.slice(1)} (${cat}) expire le ${new Date(`${String(r.data['expireLe'])}T12:00:00Z`).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })} : pensez à le renouveler.`;
    case 'partage.accorde':
      return `${who(r)} partagé ${doc || `la catégorie ${cat}`} avec une structure jusqu’au ${new Date(String(r.data['jusquAu'])).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })}.`;
    case 'partage.retire':
      return `${who(r)} retiré un partage.`;
    case 'acces.refuse':
      return `Un aidant a tenté d’accéder à votre coffre-fort sans mandat ou partage en cours : l’accès a été refusé.`;
    case 'cle.rotation':
      return `Les clés de chiffrement de vos documents ont été renouvelées (le contenu n’a pas changé).`;
    case 'export':
      return `${who(r)} téléchargé tout le contenu du coffre-fort (archive ZIP).`;
    case 'fermeture.demandee':
      return `${who(r)} demandé la fermeture du coffre-fort.`;
    case 'fermeture.annulee':
      return `${who(r)} annulé la fermeture du coffre-fort.`;
    case 'fermeture.effectuee':
      return `Le coffre-fort a été fermé : toutes les clés ont été détruites.`;
  }
}

export function journalLine(r: SafeJournalRecord, names: ReadonlyMap<string, string>): SafeJournalLine {
  return { seq: r.seq, date: r.recordedAt.toISOString(), action: r.action, texte: journalText(r, names), documentId: r.documentId, structureId: r.structureId };
}
