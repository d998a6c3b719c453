import { z } from 'zod';
import { POLICIES } from '../policies';
import { REQUESTS } from '../requests';
import { closureSchema, sharedWithMeQuerySchema, shareSchema } from '../safe/safe.dto';
import { defineRoutes } from './route';

const R = REQUESTS.safe;
const P = POLICIES.coffre;
const id = z.object({ id: z.uuid({ message: 'Identifiant invalide.' }) });
const usagerDocument = z.object({ id: z.uuid({ message: 'Identifiant invalide.' }), documentId: z.uuid({ message: 'Identifiant invalide.' }) });

/**
 * Routes of the `safe` service that carry no file. Uploads and downloads are hand-written gateway
 * routes streaming to the safe's internal HTTP port (apps/gateway/src/safe): files never travel
 * over NATS. A download link is single-use and short-lived (`/coffre/telechargements/:ticket`).
 */
export const SAFE_ROUTES = defineRoutes({
  safeMyDocuments: { method: 'GET', path: '/moi/coffre/documents', request: R.myDocuments, policy: P.own, tag: 'coffre', summary: 'Les documents de mon coffre-fort' },
  safeDocumentDelete: { method: 'DELETE', path: '/moi/coffre/documents/:id', request: R.documentDelete, policy: P.own, params: id, tag: 'coffre', summary: 'Supprimer un document (sa clé est détruite)' },
  safeDocumentLink: { method: 'POST', path: '/moi/coffre/documents/:id/lien', request: R.documentLink, policy: P.own, params: id, status: 201, tag: 'coffre', summary: 'Lien de téléchargement à usage unique (1 minute)' },
  safeShareList: { method: 'GET', path: '/moi/coffre/partages', request: R.shareList, policy: P.own, tag: 'coffre', summary: 'Mes partages' },
  safeShareCreate: { method: 'POST', path: '/moi/coffre/partages', request: R.shareCreate, policy: P.own, body: shareSchema, status: 201, tag: 'coffre', summary: 'Partager un document ou une catégorie avec une structure ou un aidant, jusqu’à une date' },
  safeShareRevoke: { method: 'DELETE', path: '/moi/coffre/partages/:id', request: R.shareRevoke, policy: P.own, params: id, tag: 'coffre', summary: 'Retirer un partage' },
  safeJournal: { method: 'GET', path: '/moi/coffre/journal', request: R.journal, policy: P.own, tag: 'coffre', summary: 'Qui a vu mes documents : le journal de mon coffre-fort' },
  safeUsage: { method: 'GET', path: '/moi/coffre/espace', request: R.usage, policy: P.own, tag: 'coffre', summary: 'Espace utilisé et quota' },
  safeExportLink: { method: 'POST', path: '/moi/coffre/export', request: R.exportLink, policy: P.own, status: 201, tag: 'coffre', summary: 'Tout télécharger : lien à usage unique vers une archive ZIP' },
  safeClosureRequest: { method: 'POST', path: '/moi/coffre/fermeture', request: R.closureRequest, policy: P.own, body: closureSchema, status: 201, tag: 'coffre', summary: 'Fermer mon coffre-fort (délai de récupération, puis destruction des clés)' },
  safeClosureCancel: { method: 'DELETE', path: '/moi/coffre/fermeture', request: R.closureCancel, policy: P.own, tag: 'coffre', summary: 'Annuler la fermeture pendant le délai de récupération' },
  safeUsagerDocuments: { method: 'GET', path: '/usagers/:id/coffre/documents', request: R.usagerDocuments, policy: P.act, params: id, structure: true, tag: 'coffre', summary: 'Documents d’un usager accessibles sous mandat' },
  safeUsagerDocumentLink: { method: 'POST', path: '/usagers/:id/coffre/documents/:documentId/lien', request: R.usagerDocumentLink, policy: P.act, params: usagerDocument, structure: true, status: 201, tag: 'coffre', summary: 'Lien de téléchargement à usage unique d’un document partagé (sous mandat)' },
  safeSharedWithMe: { method: 'GET', path: '/coffre/partages-recus', request: R.sharedWithMe, policy: P.act, query: sharedWithMeQuerySchema, structure: true, tag: 'coffre', summary: 'Partagés avec moi : les documents que des usagers ont partagés avec moi ou ma structure, sous mandat (par page)' },
  safeKeyRotate: { method: 'POST', path: '/coffre/cles/rotation', request: R.keyRotate, policy: P.rotate, status: 202, tag: 'coffre', summary: 'Rechiffrer les clés des documents avec la clé maîtresse courante' },
});
