import { z } from 'zod';
import { POLICIES } from '../policies';
import { REQUESTS } from '../requests';
import {
  claimUsagerSchema, createHabilitationSchema, createMandatSchema, createUsagerSchema, decideHabilitationSchema, habilitationDecisionSchema,
  listHabilitationsSchema, revokeMandatSchema, searchUsagersSchema, structureSelectionSchema, updateUsagerSchema,
} from '../mandates/mandates.dto';
import { defineRoutes } from './route';

const R = REQUESTS.mandates;
const P = POLICIES;
const id = z.object({ id: z.uuid({ message: 'Identifiant invalide.' }) });

/**
 * Routes of the `mandates` service served by the gateway's forwarder (the PDF attestations are a
 * hand-written controller). An aidant acts within one selected structure (`structure: true`).
 */
export const MANDATES_ROUTES = defineRoutes({
  usagerSearch: { method: 'GET', path: '/usagers', request: R.usagerSearch, policy: P.usager.manage, query: searchUsagersSchema, structure: true, tag: 'mandats', summary: 'Chercher parmi les usagers suivis par la structure' },
  usagerCreate: { method: 'POST', path: '/usagers', request: R.usagerCreate, policy: P.usager.manage, body: createUsagerSchema, structure: true, status: 201, tag: 'mandats', summary: 'Créer un usager (identité vérifiée sur pièce ; alerte de doublon)' },
  usagerGet: { method: 'GET', path: '/usagers/:id', request: R.usagerGet, policy: P.usager.manage, params: id, query: structureSelectionSchema, structure: true, tag: 'mandats', summary: 'Lire un usager (consultation journalisée)' },
  usagerUpdate: { method: 'PATCH', path: '/usagers/:id', request: R.usagerUpdate, policy: P.usager.manage, params: id, query: structureSelectionSchema, body: updateUsagerSchema, structure: true, tag: 'mandats', summary: 'Modifier les coordonnées d’un usager (journalisé)' },
  usagerMandats: { method: 'GET', path: '/usagers/:id/mandats', request: R.usagerMandats, policy: P.usager.manage, params: id, query: structureSelectionSchema, structure: true, tag: 'mandats', summary: 'Mandats d’un usager dans la structure' },
  usagerJournal: { method: 'GET', path: '/usagers/:id/journal', request: R.usagerJournal, policy: P.usager.manage, params: id, query: structureSelectionSchema, structure: true, tag: 'mandats', summary: 'Journal d’un usager (entrées de la structure)' },
  usagerClaimCode: { method: 'POST', path: '/usagers/:id/code-reclamation', request: R.usagerClaimCode, policy: P.usager.manage, params: id, body: structureSelectionSchema, structure: true, status: 201, tag: 'mandats', summary: 'Émettre un nouveau code à usage unique pour que l’usager relie son compte' },

  mandatCreate: { method: 'POST', path: '/mandats', request: R.mandatCreate, policy: P.mandat.create, body: createMandatSchema, structure: true, idempotencyKey: true, status: 201, tag: 'mandats', summary: 'Créer un mandat (aidant habilité ; Idempotency-Key obligatoire)' },
  mandatGet: { method: 'GET', path: '/mandats/:id', request: R.mandatGet, policy: P.mandat.read, params: id, query: structureSelectionSchema, structure: true, tag: 'mandats', summary: 'Lire un mandat (aidant de la structure, ou l’usager lui-même)' },
  mandatRevoke: { method: 'POST', path: '/mandats/:id/revocation', request: R.mandatRevoke, policy: P.mandat.revoke, params: id, body: revokeMandatSchema.extend({ structureId: z.uuid().optional() }), structure: true, tag: 'mandats', summary: 'Révoquer un mandat entier ou certaines démarches (aidant de la structure, ou l’usager lui-même) ; effet immédiat' },

  myMandats: { method: 'GET', path: '/moi/mandats', request: R.myMandats, policy: P.self.read, tag: 'mandats', summary: 'Mes mandats (usager)' },
  myJournal: { method: 'GET', path: '/moi/journal', request: R.myJournal, policy: P.self.read, tag: 'mandats', summary: 'Mon journal (usager) : qui a fait quoi en mon nom' },
  usagerClaim: { method: 'POST', path: '/moi/reclamation', request: R.usagerClaim, policy: P.self.read, body: claimUsagerSchema, tag: 'mandats', summary: 'Relier mon compte à mon dossier avec le code imprimé sur mon mandat' },

  habilitationList: { method: 'GET', path: '/habilitations', request: R.habilitationList, policy: P.habilitation.list, query: listHabilitationsSchema, tag: 'mandats', summary: 'Habilitations (référent : ses structures ; animateur : toutes ; aidant : les siennes)' },
  habilitationCreate: { method: 'POST', path: '/habilitations', request: R.habilitationCreate, policy: P.habilitation.request, body: createHabilitationSchema, status: 201, tag: 'mandats', summary: 'Demander l’habilitation d’un membre de la structure (référent de la structure)' },
  habilitationDecide: { method: 'POST', path: '/habilitations/:id/:decision', request: R.habilitationDecide, policy: P.habilitation.decide, params: id.extend({ decision: habilitationDecisionSchema }), body: decideHabilitationSchema, tag: 'mandats', summary: 'Accorder, refuser (animateur ; motif obligatoire), retirer ou annuler une demande en attente (animateur, référent)' },
  memberList: { method: 'GET', path: '/structures/:id/membres', request: R.memberList, policy: P.membre.list, params: id, tag: 'mandats', summary: 'Membres de la structure connus par leurs connexions, avec leur habilitation (référent de la structure, animateur, admin)' },

  espace: { method: 'GET', path: '/espace', request: R.espace, policy: P.espace.read, tag: 'mandats', summary: 'Mon espace de travail : habilitations, mandats bientôt échus, activité récente, demandes à traiter' },

  mandatVerify: { method: 'GET', path: '/verifications/:token', request: R.mandatVerify, policy: P.mandat.verify, params: z.object({ token: z.string() }), tag: 'mandats', summary: 'Vérifier un mandat imprimé (QR code) : validité et périmètre, sans donnée personnelle' },
  journalVerify: { method: 'GET', path: '/admin/mandats/journal/verification', request: R.journalVerify, policy: P.admin.operate, tag: 'mandats', summary: 'Recalculer la chaîne du journal des mandats ; nomme la première entrée rompue' },
  maintenanceRun: { method: 'POST', path: '/admin/mandats/taches/:tache', request: R.maintenanceRun, policy: P.admin.operate, params: z.object({ tache: z.enum(['echeances', 'purge'], { message: 'Tâche inconnue.' }) }), tag: 'mandats', summary: 'Lancer maintenant une tâche planifiée (echeances, purge)' },
});
