import { z } from 'zod';
import { POLICIES } from '../policies';
import { REQUESTS } from '../requests';
import { aidantOrientationSchema, orientationCodeSchema, operatorIdSchema, createAnnouncementSchema, createOrientationSchema, createSubscriptionSchema, listOrientationsSchema, orientationStatusSchema, createWebhookSchema, jetstreamReplaySchema, listDeliveriesSchema, replaySchema, updateWebhookSchema } from '../operators/operators.dto';
import { defineRoutes } from './route';

const R = REQUESTS.operators;
const P = POLICIES.operator;
const id = z.object({ id: z.uuid({ message: 'Identifiant invalide.' }) });
const operateur = z.object({ operateur: operatorIdSchema });
const operateurAndId = operateur.extend(id.shape);

/**
 * Routes of the `operators` service. An operator (client-credentials client with role
 * `operateur`) is identified by its client id (`azp`) and sees only its own webhooks,
 * subscriptions and deliveries; the admin view spans every operator.
 */
export const OPERATORS_ROUTES = defineRoutes({
  operatorWebhookList: { method: 'GET', path: '/operateur/webhooks', request: R.webhookList, policy: P.manage, tag: 'operateurs', summary: 'Mes points de réception webhook (Standard Webhooks)' },
  operatorWebhookCreate: { method: 'POST', path: '/operateur/webhooks', request: R.webhookCreate, policy: P.manage, body: createWebhookSchema, status: 201, tag: 'operateurs', summary: 'Déclarer un point de réception ; la réponse donne le secret de signature whsec_… (une seule fois)' },
  operatorWebhookUpdate: { method: 'PATCH', path: '/operateur/webhooks/:id', request: R.webhookUpdate, policy: P.manage, params: id, body: updateWebhookSchema, tag: 'operateurs', summary: 'Réactiver, désactiver ou décrire un point de réception' },
  operatorWebhookDelete: { method: 'DELETE', path: '/operateur/webhooks/:id', request: R.webhookDelete, policy: P.manage, params: id, tag: 'operateurs', summary: 'Supprimer un point de réception et ses abonnements' },
  operatorWebhookRotate: { method: 'POST', path: '/operateur/webhooks/:id/rotation', request: R.webhookRotate, policy: P.manage, params: id, status: 201, tag: 'operateurs', summary: 'Nouveau secret de signature ; l’ancien reste valide 24 h (les deux signatures sont envoyées)' },
  operatorWebhookReplay: { method: 'POST', path: '/operateur/webhooks/:id/rejeu', request: R.webhookReplay, policy: P.manage, params: id, body: replaySchema, status: 202, tag: 'operateurs', summary: 'Rejouer les événements reçus depuis une date (jusqu’à une autre), dans l’ordre' },
  operatorDeliveryList: { method: 'GET', path: '/operateur/webhooks/:id/livraisons', request: R.deliveryList, policy: P.manage, params: id, query: listDeliveriesSchema, tag: 'operateurs', summary: 'Livraisons d’un point de réception (statut, tentatives)' },
  operatorDeliveryGet: { method: 'GET', path: '/operateur/livraisons/:id', request: R.deliveryGet, policy: P.manage, params: id, tag: 'operateurs', summary: 'Une livraison et le journal de ses tentatives (statut HTTP, durée, début de réponse)' },
  operatorDeliveryReplay: { method: 'POST', path: '/operateur/livraisons/:id/rejeu', request: R.deliveryReplay, policy: P.manage, params: id, status: 202, tag: 'operateurs', summary: 'Rejouer une livraison (même webhook-id)' },
  operatorSubscriptionList: { method: 'GET', path: '/operateur/abonnements', request: R.subscriptionList, policy: P.manage, tag: 'operateurs', summary: 'Mes abonnements (types d’événements, territoire)' },
  operatorSubscriptionCreate: { method: 'POST', path: '/operateur/abonnements', request: R.subscriptionCreate, policy: P.manage, body: createSubscriptionSchema, status: 201, tag: 'operateurs', summary: 'S’abonner à des types d’événements sur un territoire (départements, EPCI, communes)' },
  operatorSubscriptionDelete: { method: 'DELETE', path: '/operateur/abonnements/:id', request: R.subscriptionDelete, policy: P.manage, params: id, tag: 'operateurs', summary: 'Supprimer un abonnement' },
  operatorJetstreamGet: { method: 'GET', path: '/operateur/jetstream', request: R.jetstreamGet, policy: P.manage, tag: 'operateurs', summary: 'Mon canal JetStream : flux, sujets, consommateur durable, messages en attente' },
  operatorJetstreamReplay: { method: 'POST', path: '/operateur/jetstream/rejeu', request: R.jetstreamReplay, policy: P.manage, body: jetstreamReplaySchema, status: 202, tag: 'operateurs', summary: 'Rejouer mon canal JetStream depuis une date ou un numéro de séquence' },
  operatorAnnouncementPublish: { method: 'POST', path: '/operateur/annonces', request: R.announcementPublish, policy: P.manage, body: createAnnouncementSchema, status: 201, tag: 'operateurs', summary: 'Publier une annonce aux aidants (veille téléservices) : démarches et territoire concernés' },
  operatorAnnouncementMine: { method: 'GET', path: '/operateur/annonces', request: R.announcementMine, policy: P.manage, tag: 'operateurs', summary: 'Mes annonces et le nombre de lectures (aidants, structures)' },
  announcementList: { method: 'GET', path: '/annonces', request: R.announcementList, policy: POLICIES.announcement.read, tag: 'operateurs', summary: 'Annonces des opérateurs pour mes structures (les plus récentes d’abord), avec « lue »' },
  announcementAcknowledge: { method: 'POST', path: '/annonces/:id/lecture', request: R.announcementAcknowledge, policy: POLICIES.announcement.read, params: id, tag: 'operateurs', summary: 'Marquer une annonce comme lue (l’opérateur apprend qu’une structure l’a lue, jamais qui)' },
  operatorOrientationCreate: { method: 'POST', path: '/operateur/orientations', request: R.orientationCreate, policy: P.manage, body: createOrientationSchema, status: 201, tag: 'operateurs', summary: 'Orienter une personne vers un lieu (référence opaque de l’opérateur, jamais d’identité)' },
  operatorOrientationMine: { method: 'GET', path: '/operateur/orientations', request: R.orientationMine, policy: P.manage, query: listOrientationsSchema, tag: 'operateurs', summary: 'Mes orientations et ce qu’elles sont devenues' },
  orientationList: { method: 'GET', path: '/orientations', request: R.orientationList, policy: POLICIES.orientation.handle, query: listOrientationsSchema, tag: 'operateurs', summary: 'Orientations reçues par les lieux de mes structures' },
  orientationStatus: { method: 'POST', path: '/orientations/:id/statut', request: R.orientationStatus, policy: POLICIES.orientation.handle, params: id, body: orientationStatusSchema, tag: 'operateurs', summary: 'Accepter, planifier (date), clore (accompagnée, non venue, réorientée) ou refuser une orientation ; 409 si la transition est impossible' },
  orientationAidantCreate: { method: 'POST', path: '/orientations', request: R.orientationAidantCreate, policy: POLICIES.orientation.handle, body: aidantOrientationSchema, status: 201, tag: 'operateurs', summary: 'Orienter la personne accompagnée vers un lieu d’une autre structure (avec son consentement) ; la réponse donne son code de suivi (une seule fois)' },
  orientationPersonView: { method: 'POST', path: '/mon-orientation', request: R.orientationPersonView, policy: POLICIES.public, body: orientationCodeSchema, tag: 'operateurs', summary: 'Voir mon orientation avec mon code de suivi (dans le corps, jamais dans l’adresse)' },
  orientationPersonCancel: { method: 'POST', path: '/mon-orientation/annulation', request: R.orientationPersonCancel, policy: POLICIES.public, body: orientationCodeSchema, tag: 'operateurs', summary: 'Annuler mon orientation avec mon code de suivi' },
  adminOperatorAnnouncementList: { method: 'GET', path: '/admin/operateurs/:operateur/annonces', request: R.adminAnnouncementList, policy: P.supervise, params: operateur, tag: 'operateurs', summary: 'Les annonces d’un opérateur et leurs lectures' },
  adminOperatorOrientationList: { method: 'GET', path: '/admin/operateurs/:operateur/orientations', request: R.adminOrientationList, policy: P.supervise, params: operateur, query: listOrientationsSchema, tag: 'operateurs', summary: 'Les orientations d’un opérateur et leur statut' },
  operatorAdminOverview: { method: 'GET', path: '/admin/operateurs', request: R.adminOverview, policy: P.supervise, tag: 'operateurs', summary: 'Opérateurs : points de réception, abonnements, livraisons en attente ou en échec' },
  adminOperatorWebhookList: { method: 'GET', path: '/admin/operateurs/:operateur/webhooks', request: R.adminWebhookList, policy: P.supervise, params: operateur, tag: 'operateurs', summary: 'Les points de réception d’un opérateur (actifs, désactivés et pourquoi)' },
  adminOperatorWebhookUpdate: { method: 'PATCH', path: '/admin/operateurs/:operateur/webhooks/:id', request: R.adminWebhookUpdate, policy: P.supervise, params: operateurAndId, body: updateWebhookSchema, tag: 'operateurs', summary: 'Réactiver ou désactiver le point de réception d’un opérateur' },
  adminOperatorWebhookRotate: { method: 'POST', path: '/admin/operateurs/:operateur/webhooks/:id/rotation', request: R.adminWebhookRotate, policy: P.supervise, params: operateurAndId, status: 201, tag: 'operateurs', summary: 'Nouveau secret de signature pour un opérateur (à lui transmettre) ; l’ancien reste valide 24 h' },
  adminOperatorWebhookReplay: { method: 'POST', path: '/admin/operateurs/:operateur/webhooks/:id/rejeu', request: R.adminWebhookReplay, policy: P.supervise, params: operateurAndId, body: replaySchema, status: 202, tag: 'operateurs', summary: 'Rejouer pour un opérateur les événements reçus depuis une date' },
  adminOperatorDeliveryList: { method: 'GET', path: '/admin/operateurs/:operateur/webhooks/:id/livraisons', request: R.adminDeliveryList, policy: P.supervise, params: operateurAndId, query: listDeliveriesSchema, tag: 'operateurs', summary: 'Livraisons d’un point de réception d’un opérateur' },
  adminOperatorDeliveryGet: { method: 'GET', path: '/admin/operateurs/:operateur/livraisons/:id', request: R.adminDeliveryGet, policy: P.supervise, params: operateurAndId, tag: 'operateurs', summary: 'Une livraison d’un opérateur et le journal de ses tentatives' },
  adminOperatorDeliveryReplay: { method: 'POST', path: '/admin/operateurs/:operateur/livraisons/:id/rejeu', request: R.adminDeliveryReplay, policy: P.supervise, params: operateurAndId, status: 202, tag: 'operateurs', summary: 'Rejouer une livraison d’un opérateur (même webhook-id)' },
  adminOperatorNoticeList: { method: 'GET', path: '/admin/operateurs/:operateur/avis', request: R.adminNoticeList, policy: P.supervise, params: operateur, tag: 'operateurs', summary: 'Les avis adressés au contact de l’opérateur (point de réception désactivé…), les plus récents d’abord' },
  adminOperatorSubscriptionList: { method: 'GET', path: '/admin/operateurs/:operateur/abonnements', request: R.adminSubscriptionList, policy: P.supervise, params: operateur, tag: 'operateurs', summary: 'Les abonnements d’un opérateur (types d’événements, territoire, canal)' },
});
