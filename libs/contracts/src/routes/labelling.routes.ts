import { POLICIES } from '../policies';
import { REQUESTS } from '../requests';
import {
  charterVersionSchema, claimCreateSchema, createDossierSchema, dossierAnswersSchema, idParamsSchema, listDossiersSchema, listLabelsSchema, nationalLabelSchema, passAllocateSchema,
  passBatchSchema, passCancelSchema, passCodeQuerySchema, passDistributeSchema, passFiguresSchema, passRedeemSchema, programmeIdParamsSchema, reviewDossierSchema, revokeLabelSchema,
  signCharterSchema,
} from '../labelling/labelling.dto';
import { dossierPieceParamsSchema } from '../labelling/dossier-pieces.dto';
import { programmeCreateSchema, programmeUpdateSchema } from '../labelling/programme.dto';
import { defineRoutes } from './route';

const R = REQUESTS.labelling;
const P = POLICIES.labelling;

/** Routes of the `labelling` service (label programmes, dossiers, labels, charte de l'aidant, Pass Numérique ledger). */
export const LABELLING_ROUTES = defineRoutes({
  labellingProgrammeList: { method: 'GET', path: '/labellisation/programmes', request: R.programmeList, policy: P.read, tag: 'labellisation', summary: 'Programmes de label : le label territorial (niveaux, critères) et les labels nationaux suivis' },
  labellingProgrammeGet: { method: 'GET', path: '/labellisation/programmes/:id', request: R.programmeGet, policy: P.read, params: programmeIdParamsSchema, tag: 'labellisation', summary: 'Un programme : niveaux, critères, durée de validité' },
  labellingProgrammeCreate: { method: 'POST', path: '/labellisation/programmes', request: R.programmeCreate, policy: P.manage, body: programmeCreateSchema, status: 201, tag: 'labellisation', summary: 'Créer un programme de label territorial (niveaux ordonnés, critères, validité)' },
  labellingProgrammeUpdate: { method: 'PUT', path: '/labellisation/programmes/:id', request: R.programmeUpdate, policy: P.manage, params: programmeIdParamsSchema, body: programmeUpdateSchema, tag: 'labellisation', summary: 'Modifier un programme : nouvelle version, les dossiers déjà ouverts gardent la leur' },

  labellingDossierCreate: { method: 'POST', path: '/labellisation/dossiers', request: R.dossierCreate, policy: P.apply, body: createDossierSchema, status: 201, tag: 'labellisation', summary: 'Candidater pour un lieu de sa structure (dossier en brouillon)' },
  labellingDossierList: { method: 'GET', path: '/labellisation/dossiers', request: R.dossierList, policy: P.apply, query: listDossiersSchema, tag: 'labellisation', summary: 'Dossiers (référent : ceux de ses structures ; animateur : file d’instruction)' },
  labellingDossierGet: { method: 'GET', path: '/labellisation/dossiers/:id', request: R.dossierGet, policy: P.apply, params: idParamsSchema, tag: 'labellisation', summary: 'Un dossier : réponses, commentaires par critère, historique' },
  labellingDossierAnswer: { method: 'PUT', path: '/labellisation/dossiers/:id/reponses', request: R.dossierAnswer, policy: P.apply, params: idParamsSchema, body: dossierAnswersSchema, tag: 'labellisation', summary: 'Répondre aux critères (brouillon ou modifications demandées)' },
  labellingDossierSubmit: { method: 'POST', path: '/labellisation/dossiers/:id/depot', request: R.dossierSubmit, policy: P.apply, params: idParamsSchema, tag: 'labellisation', summary: 'Déposer le dossier (tous les critères obligatoires renseignés)' },
  labellingDossierTake: { method: 'POST', path: '/labellisation/dossiers/:id/instruction', request: R.dossierTake, policy: P.review, params: idParamsSchema, tag: 'labellisation', summary: 'Prendre un dossier en instruction (jamais celui de sa propre structure)' },
  labellingDossierReview: { method: 'POST', path: '/labellisation/dossiers/:id/avis', request: R.dossierReview, policy: P.review, params: idParamsSchema, body: reviewDossierSchema, tag: 'labellisation', summary: 'Avis par critère et décision : modifications demandées, label accordé ou refusé' },
  // Uploads and downloads of pieces are hand-written gateway routes streaming to the labelling service's internal port (apps/gateway/src/labelling).
  labellingDossierPieceRemove: { method: 'DELETE', path: '/labellisation/dossiers/:id/pieces/:pieceId', request: R.dossierPieceRemove, policy: P.apply, params: dossierPieceParamsSchema, tag: 'labellisation', summary: 'Retirer une pièce justificative (dossier en brouillon ou modifications demandées)' },

  labellingLabelList: { method: 'GET', path: '/labellisation/labels', request: R.labelList, policy: P.read, query: listLabelsSchema, tag: 'labellisation', summary: 'Labels en cours de validité (par lieu, par programme)' },
  labellingLabelRevoke: { method: 'POST', path: '/labellisation/labels/:id/retrait', request: R.labelRevoke, policy: P.manage, params: idParamsSchema, body: revokeLabelSchema, tag: 'labellisation', summary: 'Retirer un label' },
  labellingLabelRenew: { method: 'POST', path: '/labellisation/labels/:id/renouvellement', request: R.labelRenew, policy: P.apply, params: idParamsSchema, status: 201, tag: 'labellisation', summary: 'Renouveler un label : nouveau dossier prérempli avec les réponses précédentes' },
  labellingLabelNational: { method: 'POST', path: '/labellisation/labels-nationaux', request: R.labelNational, policy: P.manage, body: nationalLabelSchema, status: 201, tag: 'labellisation', summary: 'Enregistrer un label national (France Services, #APTIC…) avec sa preuve et ses dates' },

  labellingCharterCurrent: { method: 'GET', path: '/labellisation/charte', request: R.charterCurrent, policy: P.charterRead, tag: 'labellisation', summary: 'La charte de l’aidant en vigueur, et si je l’ai signée' },
  labellingCharterPublish: { method: 'POST', path: '/labellisation/charte/versions', request: R.charterPublish, policy: P.manage, body: charterVersionSchema, status: 201, tag: 'labellisation', summary: 'Publier une nouvelle version de la charte (chacun la signe à nouveau)' },
  labellingCharterSign: { method: 'POST', path: '/labellisation/charte/signature', request: R.charterSign, policy: P.charterSign, body: signCharterSchema, status: 201, tag: 'labellisation', summary: 'Signer la version en vigueur de la charte de l’aidant' },

  labellingPassBatchCreate: { method: 'POST', path: '/pass-numerique/lots', request: R.passBatchCreate, policy: P.manage, body: passBatchSchema, status: 201, tag: 'pass-numerique', summary: 'Enregistrer un lot de pass (plage de numéros, valeur, financeur, validité) ; renvoie les codes signés' },
  // The printable carnet of a batch (GET /pass-numerique/lots/:id/carnet.pdf, policy P.manage, request R.passCarnet) is a hand-written gateway route: a PDF, not JSON.
  labellingPassBatchList: { method: 'GET', path: '/pass-numerique/lots', request: R.passBatchList, policy: P.manage, tag: 'pass-numerique', summary: 'Les lots de pass : plage, valeur, financeur, validité, pass encore à allouer' },
  labellingPassAllocated: { method: 'GET', path: '/pass-numerique/mes-pass', request: R.passAllocated, policy: P.passDistribute, tag: 'pass-numerique', summary: 'Prescripteur : les pass alloués à mes structures (à remettre, remis, encaissés) et leurs chiffres' },
  labellingPassAllocate: { method: 'POST', path: '/pass-numerique/allocations', request: R.passAllocate, policy: P.manage, body: passAllocateSchema, status: 201, tag: 'pass-numerique', summary: 'Allouer des pass d’un lot à un prescripteur' },
  labellingPassDistribute: { method: 'POST', path: '/pass-numerique/distributions', request: R.passDistribute, policy: P.passDistribute, body: passDistributeSchema, tag: 'pass-numerique', summary: 'Remettre un pass à un bénéficiaire (référence pseudonyme)' },
  labellingPassRedeem: { method: 'POST', path: '/pass-numerique/encaissements', request: R.passRedeem, policy: P.passRedeem, body: passRedeemSchema, tag: 'pass-numerique', summary: 'Encaisser un pass dans un lieu labellisé #APTIC (une seule fois, dans sa validité)' },
  labellingPassLieux: { method: 'GET', path: '/pass-numerique/lieux', request: R.passLieux, policy: P.passRedeem, tag: 'pass-numerique', summary: 'Les lieux labellisés #APTIC de mes structures, où je peux encaisser' },
  labellingPassCancel: { method: 'POST', path: '/pass-numerique/annulations', request: R.passCancel, policy: P.manage, body: passCancelSchema, tag: 'pass-numerique', summary: 'Annuler un pass non encaissé' },
  labellingPassGet: { method: 'GET', path: '/pass-numerique/pass', request: R.passGet, policy: P.passRead, query: passCodeQuerySchema, tag: 'pass-numerique', summary: 'État d’un pass (code vérifié) et son historique' },
  labellingPassFigures: { method: 'GET', path: '/pass-numerique/chiffres', request: R.passFigures, policy: P.passFunding, query: passFiguresSchema, tag: 'pass-numerique', summary: 'Chiffres par lot, prescripteur ou lieu (un financeur : ceux de ses lots)' },
  labellingClaimCreate: { method: 'POST', path: '/pass-numerique/demandes-remboursement', request: R.claimCreate, policy: P.passFunding, body: claimCreateSchema, status: 201, tag: 'pass-numerique', summary: 'Demande de remboursement mensuelle : les pass encaissés le mois donné (un financeur : pour le sien seulement)' },
  labellingClaimList: { method: 'GET', path: '/pass-numerique/demandes-remboursement', request: R.claimList, policy: P.passFunding, tag: 'pass-numerique', summary: 'Les demandes de remboursement mensuelles, les plus récentes en premier (un financeur : les siennes)' },
  labellingClaimCsv: { method: 'GET', path: '/pass-numerique/demandes-remboursement/:id', request: R.claimCsv, policy: P.passFunding, params: idParamsSchema, tag: 'pass-numerique', summary: 'Une demande de remboursement et son fichier CSV pour le financeur' },
  labellingClaimPay: { method: 'POST', path: '/pass-numerique/demandes-remboursement/:id/paiement', request: R.claimPay, policy: P.passFunding, params: idParamsSchema, tag: 'pass-numerique', summary: 'Marquer une demande comme payée (ses pass passent à « payé »)' },
});
