import { POLICIES } from '../policies';
import { REQUESTS } from '../requests';
import {
  attendanceSchema, attestationCodeParamsSchema, attestationIdParamsSchema, withdrawCertificationSchema, changeCapacitySchema, listPixSchema, recordPixSchema, cancelRegistrationSchema, cancelSessionSchema, createSessionSchema, listSessionsSchema, moduleIdParamsSchema,
  pathIdParamsSchema, registerSchema, registrationIdParamsSchema, sessionIdParamsSchema, validateRegistrationSchema,
} from '../training/training.dto';
import { createDiagnosticSchema } from '../training/diagnostic.dto';
import { defineRoutes } from './route';

const R = REQUESTS.training;
const P = POLICIES.formation;

/** Routes of the `training` service (référentiel, sessions, registrations, attendance, attestations). */
export const TRAINING_ROUTES = defineRoutes({
  trainingModuleList: { method: 'GET', path: '/formations/modules', request: R.moduleList, policy: P.read, tag: 'formations', summary: 'Référentiel de formation : modules par niveau (aidant, médiateur, décideurs)' },
  trainingModuleGet: { method: 'GET', path: '/formations/modules/:id', request: R.moduleGet, policy: P.read, params: moduleIdParamsSchema, tag: 'formations', summary: 'Un module : objectifs, durée, modalité' },
  trainingPathList: { method: 'GET', path: '/formations/parcours', request: R.pathList, policy: P.read, tag: 'formations', summary: 'Parcours de formation (modules ordonnés)' },
  trainingPathGet: { method: 'GET', path: '/formations/parcours/:id', request: R.pathGet, policy: P.read, params: pathIdParamsSchema, tag: 'formations', summary: 'Un parcours et ses modules' },

  trainingSessionList: { method: 'GET', path: '/formations/sessions', request: R.sessionList, policy: P.read, query: listSessionsSchema, tag: 'formations', summary: 'Sessions (à venir par défaut) avec les places restantes' },
  trainingSessionGet: { method: 'GET', path: '/formations/sessions/:id', request: R.sessionGet, policy: P.read, params: sessionIdParamsSchema, tag: 'formations', summary: 'Une session : demi-journées, lieu ou visio, places restantes' },
  trainingSessionCreate: { method: 'POST', path: '/formations/sessions', request: R.sessionCreate, policy: P.manage, body: createSessionSchema, status: 201, tag: 'formations', summary: 'Programmer une session (module ou parcours, demi-journées, lieu ou visio, formateur, capacité)' },
  trainingSessionCancel: { method: 'POST', path: '/formations/sessions/:id/annulation', request: R.sessionCancel, policy: P.manage, params: sessionIdParamsSchema, body: cancelSessionSchema, tag: 'formations', summary: 'Annuler une session' },
  trainingSessionCapacity: { method: 'POST', path: '/formations/sessions/:id/capacite', request: R.sessionCapacity, policy: P.manage, params: sessionIdParamsSchema, body: changeCapacitySchema, tag: 'formations', summary: 'Changer la capacité d’une session ; augmentée : la liste d’attente prend les nouvelles places dans l’ordre d’arrivée' },
  trainingSessionRegistrations: { method: 'GET', path: '/formations/sessions/:id/inscriptions', request: R.sessionRegistrations, policy: P.train, params: sessionIdParamsSchema, tag: 'formations', summary: 'Inscrits, liste d’attente et présences (formateur de la session, animateur)' },
  trainingRegistrationCreate: { method: 'POST', path: '/formations/sessions/:id/inscriptions', request: R.registrationCreate, policy: P.register, params: sessionIdParamsSchema, body: registerSchema, status: 201, tag: 'formations', summary: 'S’inscrire, ou inscrire un aidant de sa structure (référent) ; au-delà de la capacité : liste d’attente' },
  trainingAttendanceRecord: { method: 'POST', path: '/formations/sessions/:id/presences', request: R.attendanceRecord, policy: P.train, params: sessionIdParamsSchema, body: attendanceSchema, tag: 'formations', summary: 'Émarger une demi-journée (formateur de la session) ; parcours suivi en entier : attestation' },

  trainingRegistrationCancel: { method: 'POST', path: '/formations/inscriptions/:id/annulation', request: R.registrationCancel, policy: P.register, params: registrationIdParamsSchema, body: cancelRegistrationSchema, tag: 'formations', summary: 'Annuler une inscription ; la première personne en attente prend la place' },
  trainingRegistrationValidate: { method: 'POST', path: '/formations/inscriptions/:id/validation', request: R.registrationValidate, policy: P.train, params: registrationIdParamsSchema, body: validateRegistrationSchema, status: 201, tag: 'formations', summary: 'Valider le module suivi (formateur) : délivre l’attestation' },
  trainingRegistrationCalendar: { method: 'GET', path: '/formations/inscriptions/:id/calendrier', request: R.registrationCalendar, policy: P.register, params: registrationIdParamsSchema, tag: 'formations', summary: 'Fichier agenda (.ics, RFC 5545) d’une inscription' },
  trainingMyRegistrations: { method: 'GET', path: '/formations/mes-inscriptions', request: R.myRegistrations, policy: P.mine, tag: 'formations', summary: 'Mes inscriptions' },
  trainingMyAttestations: { method: 'GET', path: '/formations/mes-attestations', request: R.myAttestations, policy: P.mine, tag: 'formations', summary: 'Mes attestations de formation' },
  trainingCertificationWithdraw: { method: 'POST', path: '/formations/attestations/:id/retrait', request: R.certificationWithdraw, policy: P.withdraw, params: attestationIdParamsSchema, body: withdrawCertificationSchema, tag: 'formations', summary: 'Retirer une certification de formation délivrée par erreur (animateur) : « formation suivie » est retirée des demandes d’habilitation en attente' },
  trainingPixRecord: { method: 'POST', path: '/formations/pix', request: R.pixRecord, policy: P.pix, body: recordPixSchema, status: 201, tag: 'formations', summary: 'Enregistrer le résultat PIX d’un aidant (score, date, code de vérification du certificat) : référent de la structure' },
  trainingPixList: { method: 'GET', path: '/formations/pix', request: R.pixList, policy: P.pixRead, query: listPixSchema, tag: 'formations', summary: 'Résultats PIX (référent : sa structure ; animateur : tous ; aidant : les siens)' },
  trainingDiagnosticQuestions: { method: 'GET', path: '/formations/diagnostic/questions', request: R.diagnosticQuestions, policy: P.read, tag: 'formations', summary: 'Diagnostic de premier niveau : les questions, les réponses possibles et les orientations' },
  trainingDiagnosticCreate: { method: 'POST', path: '/formations/diagnostics', request: R.diagnosticCreate, policy: P.diagnostic, body: createDiagnosticSchema, structure: true, status: 201, tag: 'formations', summary: 'Diagnostic de premier niveau : orientation proposée ; réponses conservées seulement avec le consentement, comptage anonyme par territoire' },
  trainingAttestationVerify: { method: 'GET', path: '/formations/attestations/:code', request: R.attestationVerify, policy: P.verify, params: attestationCodeParamsSchema, tag: 'formations', summary: 'Vérifier une attestation de formation (code) : intitulé, date, validité, sans donnée personnelle' },
});
