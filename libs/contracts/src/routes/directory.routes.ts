import { z } from 'zod';
import { POLICIES } from '../policies';
import { REQUESTS } from '../requests';
import { createStructureSchema, listStructuresSchema, structureIdSchema, updateStructureSchema } from '../structures.dto';
import {
  closeLieuSchema, createDemarcheSchema, createLieuSchema, createSignalementSchema, demarcheSlugSchema, lieuIdSchema, listMesLieuxSchema,
  listSignalementsSchema, resolveSignalementSchema, signalementIdSchema, updateDemarcheSchema, updateLieuSchema,
} from '../lieux/lieu-api.dto';
import { communeSearchQuerySchema } from '../lieux/search.dto';
import { doublonDecisionSchema, importIdSchema, listDoublonsSchema } from '../interop.dto';
import { StructureCreatedV1, StructureUpdatedV1 } from '../events/directory.events';
import { defineRoutes } from './route';

const R = REQUESTS.directory;
const P = POLICIES;

/**
 * Routes of the `directory` service served by the gateway's forwarder. Routes whose edge does more
 * than forward (search with its timing header, file upload, streamed exports, référentiels) are
 * hand-written controllers in apps/gateway.
 */
export const DIRECTORY_ROUTES = defineRoutes({
  structureCreate: { method: 'POST', path: '/structures', request: R.structureCreate, policy: P.structure.create, body: createStructureSchema, status: 201, tag: 'structures', summary: 'Créer une structure (animateur, admin)' },
  structureList: { method: 'GET', path: '/structures', request: R.structureList, policy: P.structure.read, query: listStructuresSchema, tag: 'structures', summary: 'Lister les structures visibles (les siennes pour un référent)' },
  structureGet: { method: 'GET', path: '/structures/:id', request: R.structureGet, policy: P.structure.read, params: z.object({ id: structureIdSchema }), cache: { param: 'id', events: [StructureCreatedV1.type, StructureUpdatedV1.type] }, tag: 'structures', summary: 'Lire une structure' },
  structureUpdate: { method: 'PATCH', path: '/structures/:id', request: R.structureUpdate, policy: P.structure.edit, params: z.object({ id: structureIdSchema }), body: updateStructureSchema, tag: 'structures', summary: 'Modifier une structure (référent de cette structure, animateur, admin)' },

  lieuCreate: { method: 'POST', path: '/lieux', request: R.lieuCreate, policy: P.lieu.create, body: createLieuSchema, status: 201, tag: 'lieux', summary: 'Créer un lieu (référent de la structure structure_id, animateur, admin)' },
  lieuGet: { method: 'GET', path: '/lieux/:id', request: R.lieuGet, policy: P.lieu.read, params: z.object({ id: lieuIdSchema }), tag: 'lieux', summary: "Fiche publique d'un lieu (libellés, horaires en clair, ouvert maintenant, « à vérifier »)" },
  lieuUpdate: { method: 'PATCH', path: '/lieux/:id', request: R.lieuUpdate, policy: P.lieu.edit, params: z.object({ id: lieuIdSchema }), body: updateLieuSchema, tag: 'lieux', summary: 'Modifier un lieu (référent de sa structure, animateur, admin) ; `version` : verrouillage optimiste (409)' },
  lieuClose: { method: 'POST', path: '/lieux/:id/fermeture', request: R.lieuClose, policy: P.lieu.close, params: z.object({ id: lieuIdSchema }), body: closeLieuSchema.optional(), tag: 'lieux', summary: 'Fermer un lieu (il reste consultable, il sort de la recherche)' },
  signalementCreate: { method: 'POST', path: '/lieux/:id/signalements', request: R.signalementCreate, policy: P.signalement.create, params: z.object({ id: lieuIdSchema }), body: createSignalementSchema, status: 201, rateLimit: 'report', tag: 'lieux', summary: 'Signaler une erreur sur un lieu (public, nombre de signalements limité)' },
  lieuMine: { method: 'GET', path: '/mes-lieux', request: R.lieuMine, policy: P.lieu.manage, query: listMesLieuxSchema, tag: 'lieux', summary: 'Lieux que je gère (ceux de mes structures pour un référent, tous pour un animateur), fermés compris ; filtres : signalement (flag, ou tous-signales) et source' },

  demarcheList: { method: 'GET', path: '/demarches', request: R.demarcheList, policy: P.demarche.read, tag: 'démarches', summary: 'Démarches actives, groupées par thème (public)' },
  demarcheListAll: { method: 'GET', path: '/demarches/gestion', request: R.demarcheListAll, policy: P.demarche.manage, tag: 'démarches', summary: 'Toutes les démarches, désactivées comprises (animateur, admin)' },
  demarcheCreate: { method: 'POST', path: '/demarches', request: R.demarcheCreate, policy: P.demarche.manage, body: createDemarcheSchema, status: 201, tag: 'démarches', summary: 'Ajouter une démarche au catalogue (animateur, admin)' },
  demarcheUpdate: { method: 'PATCH', path: '/demarches/:slug', request: R.demarcheUpdate, policy: P.demarche.manage, params: z.object({ slug: demarcheSlugSchema }), body: updateDemarcheSchema, tag: 'démarches', summary: 'Renommer, déplacer, désactiver ou réactiver une démarche (animateur, admin)' },

  signalementList: { method: 'GET', path: '/signalements', request: R.signalementList, policy: P.signalement.moderate, query: listSignalementsSchema, tag: 'signalements', summary: 'Signalements à traiter (ceux des lieux de mes structures pour un référent, tous pour un animateur), avec la valeur actuelle du champ signalé' },
  signalementResolve: { method: 'POST', path: '/signalements/:id/resolution', request: R.signalementResolve, policy: P.signalement.moderate, params: z.object({ id: signalementIdSchema }), body: resolveSignalementSchema, tag: 'signalements', summary: 'Traiter un signalement : corriger le lieu (correction, fermer) ou rejeter, avec un motif' },

  importList: { method: 'GET', path: '/imports', request: R.importList, policy: P.import.run, tag: 'imports', summary: 'Lister les derniers imports' },
  importGet: { method: 'GET', path: '/imports/:id', request: R.importGet, policy: P.import.run, params: z.object({ id: importIdSchema }), tag: 'imports', summary: 'Suivre un import : statut, progression, lignes rejetées (numéro de ligne et motif), lieux signalés par motif (lignes et identifiants)' },
  doublonList: { method: 'GET', path: '/doublons', request: R.doublonList, policy: P.duplicate.review, query: listDoublonsSchema, tag: 'imports', summary: 'Lister les doublons possibles entre sources, à examiner' },
  doublonDecide: { method: 'POST', path: '/doublons/:id', request: R.doublonDecide, policy: P.duplicate.review, params: z.object({ id: importIdSchema }), body: doublonDecisionSchema, tag: 'imports', summary: 'Décider : « distincts » ou « fusionner » (ferme le lieu en double, garde l’autre)' },

  dashboardGet: { method: 'GET', path: '/annuaire/tableau-de-bord', request: R.dashboardGet, policy: P.dashboard.read, tag: 'annuaire', summary: 'Tableau de bord de l’annuaire : signalements à traiter, doublons, lieux signalés par motif, derniers imports (tout le réseau pour un animateur, ses structures pour un référent)' },

  communeSearch: { method: 'GET', path: '/communes', request: R.communeSearch, policy: P.lieu.search, query: communeSearchQuerySchema, tag: 'recherche', summary: 'Chercher une commune par nom, code INSEE ou code postal (public, pour le filtre)' },
});
