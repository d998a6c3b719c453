import type {
  CreateSession,
  RecordPix,
  DiagnosticAnswers,
  DiagnosticQuestionsResponse,
  DiagnosticResult,
  Items,
  MyTrainingRegistration,
  StructureMembersResponse,
  TrainingAttendanceRecorded,
  TrainingAttestation,
  TrainingAttestationVerification,
  TrainingModulesResponse,
  TrainingPath,
  TrainingPixResult,
  TrainingRegistration,
  TrainingRegistrationCancelled,
  TrainingSession,
  TrainingSessionCapacityChanged,
  TrainingSessionSheet,
} from '@pin/contracts';
import { api } from '../app/api';
import { selectedStructure } from '../mandats/mandats.api';

/** The training routes of the gateway (`/api/v1/formations`), through the app's one HTTP client. */

const enc = encodeURIComponent;
const BASE = '/api/v1/formations';

export const fetchModules = () => api.get<TrainingModulesResponse>(`${BASE}/modules`);
export const fetchPaths = () => api.get<Items<TrainingPath>>(`${BASE}/parcours`);
export const fetchSessions = () => api.get<Items<TrainingSession>>(`${BASE}/sessions`);

/** Network: programmes a session (it appears in the calendar at once). */
export const createSession = (body: CreateSession) => api.post<TrainingSession>(`${BASE}/sessions`, body);
/** Network: cancels a session (registrations stay, marked cancelled with the session; attendance closed). */
export const cancelSession = (sessionId: string, motif: string) => api.post<TrainingSession>(`${BASE}/sessions/${enc(sessionId)}/annulation`, { motif });

/** Without `aidant`: the caller registers themself; with it, a referent registers a member of the structure. */
export const registerToSession = (sessionId: string, body: { structureId?: string; aidant?: { username: string; nom?: string } } = {}) =>
  api.post<TrainingRegistration>(`${BASE}/sessions/${enc(sessionId)}/inscriptions`, body);
export const cancelRegistration = (id: string, motif?: string) =>
  api.post<TrainingRegistrationCancelled>(`${BASE}/inscriptions/${enc(id)}/annulation`, motif ? { motif } : {});
export const calendarUrl = (registrationId: string) => `${BASE}/inscriptions/${enc(registrationId)}/calendrier.ics`;

export const fetchMyRegistrations = () => api.get<Items<MyTrainingRegistration>>(`${BASE}/mes-inscriptions`);
export const fetchMyAttestations = () => api.get<Items<TrainingAttestation>>(`${BASE}/mes-attestations`);
export const attestationPdfUrl = (attestationId: string) => `${BASE}/attestations/${enc(attestationId)}/attestation.pdf`;
/** Network: withdraws a certification granted by mistake (the reason is kept with the attestation). */
export const withdrawCertification = (attestationId: string, motif: string) => api.post<TrainingAttestation>(`${BASE}/attestations/${enc(attestationId)}/retrait`, { motif });
export const verifyAttestation = (code: string) => api.get<TrainingAttestationVerification>(`${BASE}/attestations/${enc(code)}`);

/** Network: a new capacity; raised, the first people waiting get the new seats (`promues`). */
export const changeCapacity = (sessionId: string, capacite: number) => api.post<TrainingSessionCapacityChanged>(`${BASE}/sessions/${enc(sessionId)}/capacite`, { capacite });

/** The trainer validates the module for a participant who came at least once (not every half-day): the attestation. */
export const validateModule = (registrationId: string) => api.post<TrainingAttestation>(`${BASE}/inscriptions/${enc(registrationId)}/validation`, {});

export const fetchSheet = (sessionId: string) => api.get<TrainingSessionSheet>(`${BASE}/sessions/${enc(sessionId)}/inscriptions`);
export const recordAttendance = (sessionId: string, demiJournee: number, presences: Array<{ inscriptionId: string; present: boolean }>) =>
  api.post<TrainingAttendanceRecorded>(`${BASE}/sessions/${enc(sessionId)}/presences`, { demiJournee, presences });

export const fetchMembers = (structureId: string) => api.get<StructureMembersResponse>(`/api/v1/structures/${enc(structureId)}/membres`);

export const fetchDiagnosticQuestions = () => api.get<DiagnosticQuestionsResponse>(`${BASE}/diagnostic/questions`);
export const createDiagnostic = (body: { codeInsee: string; reponses: DiagnosticAnswers; consentement: boolean }) =>
  api.post<DiagnosticResult>(`${BASE}/diagnostics`, body, { structureId: selectedStructure() });

/** PIX results: the network all, a référent their structures', an aidant their own. */
export const fetchPixResults = () => api.get<Items<TrainingPixResult>>(`${BASE}/pix`);
/** A référent records a member's PIX result with the certificate's verification code. */
export const recordPix = (body: RecordPix) => api.post<TrainingPixResult>(`${BASE}/pix`, body);
