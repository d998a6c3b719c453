import { z } from 'zod';
import { appPasswordCreateSchema, createMailboxSchema, lifecycleActionSchema, proposeAddressSchema, quotaChangeSchema, selfPasswordChangeSchema } from '../mailbox/mailbox.dto';
import { POLICIES } from '../policies';
import { REQUESTS } from '../requests';
import { defineRoutes } from './route';

const R = REQUESTS.mailbox;
const P = POLICIES.messagerie;
const id = z.object({ id: z.uuid({ message: 'Identifiant invalide.' }) });
const structureQuery = z.strictObject({ structureId: z.uuid().optional() });

/**
 * Routes of the `mailbox` service: an aidant, under a mandate of the usager covering `papiers` or
 * `social`, requests an ethical mailbox (prenom.nom@landesmail.fr) and manages its lifecycle; the
 * usager changes their password, manages app passwords and sees their quota. The letter (PDF) is
 * served by the gateway's mailbox edge.
 */
export const MAILBOX_ROUTES = defineRoutes({
  mailboxAddressPropose: { method: 'POST', path: '/usagers/:id/messagerie/propositions', request: R.addressPropose, policy: P.manage, params: id, body: proposeAddressSchema, structure: true, tag: 'messagerie', summary: 'Adresses proposées pour une personne (accents, apostrophes, espaces repliés ; homonymes : jean.martin2)' },
  mailboxCreate: { method: 'POST', path: '/usagers/:id/messagerie', request: R.mailboxCreate, policy: P.manage, params: id, body: createMailboxSchema, status: 202, structure: true, tag: 'messagerie', summary: 'Demander une boîte aux lettres pour la personne (mandat papiers ou social, consentement) ; la création suit en tâche de fond' },
  mailboxOfUsager: { method: 'GET', path: '/usagers/:id/messagerie', request: R.mailboxOfUsager, policy: P.manage, params: id, query: structureQuery, structure: true, tag: 'messagerie', summary: 'La boîte aux lettres de la personne, son état et l’avancement de sa création' },
  mailboxGet: { method: 'GET', path: '/messageries/:id', request: R.mailboxGet, policy: P.manage, params: id, query: structureQuery, structure: true, tag: 'messagerie', summary: 'Une boîte aux lettres : état, avancement de la création, quota' },
  mailboxSuspend: { method: 'POST', path: '/messageries/:id/suspension', request: R.mailboxSuspend, policy: P.manage, params: id, body: lifecycleActionSchema, structure: true, tag: 'messagerie', summary: 'Suspendre la connexion (le courrier continue d’arriver) ; les sessions ouvertes sont coupées' },
  mailboxReactivate: { method: 'POST', path: '/messageries/:id/reactivation', request: R.mailboxReactivate, policy: P.manage, params: id, body: lifecycleActionSchema, structure: true, tag: 'messagerie', summary: 'Réactiver une boîte suspendue, désactivée ou dont la suppression est programmée' },
  mailboxDisable: { method: 'POST', path: '/messageries/:id/desactivation', request: R.mailboxDisable, policy: P.manage, params: id, body: lifecycleActionSchema, structure: true, tag: 'messagerie', summary: 'Désactiver (plus de connexion ni de réception)' },
  mailboxScheduleDeletion: { method: 'POST', path: '/messageries/:id/suppression', request: R.mailboxScheduleDeletion, policy: P.manage, params: id, body: lifecycleActionSchema, structure: true, tag: 'messagerie', summary: 'Programmer la suppression (délai de grâce, puis le courrier est effacé)' },
  mailboxResetPassword: { method: 'POST', path: '/messageries/:id/reinitialisation', request: R.mailboxResetPassword, policy: P.manage, params: id, body: lifecycleActionSchema, structure: true, tag: 'messagerie', summary: 'Nouveau mot de passe provisoire et nouveau courrier à imprimer (à changer à la première connexion)' },
  mailboxQuotaChange: { method: 'PUT', path: '/messageries/:id/quota', request: R.mailboxQuotaChange, policy: P.manage, params: id, body: quotaChangeSchema, structure: true, tag: 'messagerie', summary: 'Changer l’espace de la boîte (la personne est prévenue à 90 %)' },
  mailboxQuotaGet: { method: 'GET', path: '/messageries/:id/quota', request: R.mailboxQuotaGet, policy: P.manage, params: id, query: structureQuery, structure: true, tag: 'messagerie', summary: 'Espace utilisé de la boîte' },
  myMailbox: { method: 'GET', path: '/moi/messagerie', request: R.myMailbox, policy: P.self, tag: 'messagerie', summary: 'Ma boîte aux lettres (usager)' },
  myMailboxPassword: { method: 'POST', path: '/moi/messagerie/mot-de-passe', request: R.myPasswordChange, policy: P.self, body: selfPasswordChangeSchema, tag: 'messagerie', summary: 'Changer mon mot de passe de messagerie (le provisoire à la première connexion) ; relie ma boîte à mon compte ; révoque mes mots de passe d’application' },
  myAppPasswordList: { method: 'GET', path: '/moi/messagerie/mots-de-passe-application', request: R.myAppPasswordList, policy: P.self, tag: 'messagerie', summary: 'Mes mots de passe d’application (un par appareil)' },
  myAppPasswordCreate: { method: 'POST', path: '/moi/messagerie/mots-de-passe-application', request: R.myAppPasswordCreate, policy: P.self, body: appPasswordCreateSchema, status: 201, tag: 'messagerie', summary: 'Créer un mot de passe pour un appareil (affiché une seule fois)' },
  myAppPasswordRevoke: { method: 'DELETE', path: '/moi/messagerie/mots-de-passe-application/:id', request: R.myAppPasswordRevoke, policy: P.self, params: id, tag: 'messagerie', summary: 'Révoquer le mot de passe d’un appareil' },
  myMailboxQuota: { method: 'GET', path: '/moi/messagerie/quota', request: R.myQuota, policy: P.self, tag: 'messagerie', summary: 'Espace utilisé de ma boîte' },
});
