import { z } from 'zod';

const uuid = (what: string) => z.uuid({ message: `${what} : identifiant invalide.` });
const text = (what: string, max: number) =>
  z.string({ message: `${what} : texte attendu.` }).trim().min(1, { message: `${what} : ce champ est obligatoire.` }).max(max, { message: `${what} : ${max} caractères au plus.` });
const slug = (what: string) => z.string({ message: `${what} : identifiant attendu.` }).regex(/^[a-z0-9-]{1,60}$/, { message: `${what} : identifiant invalide.` });

/** Levels of the Landes référentiel de formation. */
export const TRAINING_LEVELS = ['aidant', 'mediateur', 'decideur'] as const;
export type TrainingLevel = (typeof TRAINING_LEVELS)[number];
export const TRAINING_MODALITIES = ['presentiel', 'distance', 'mixte'] as const;
export type TrainingModality = (typeof TRAINING_MODALITIES)[number];
/** Half-days of a session: morning 9:00–12:30, afternoon 13:30–17:00 (Europe/Paris). */
export const HALF_DAYS = ['matin', 'apres-midi'] as const;
export type HalfDayPeriod = (typeof HALF_DAYS)[number];
export const REGISTRATION_STATUSES = ['inscrit', 'attente', 'annule'] as const;

export const moduleIdParamsSchema = z.object({ id: slug('Module') });
export const pathIdParamsSchema = z.object({ id: slug('Parcours') });
export const sessionIdParamsSchema = z.object({ id: uuid('Session') });
export const registrationIdParamsSchema = z.object({ id: uuid('Inscription') });
export const attestationIdParamsSchema = z.object({ id: uuid('Attestation') });
export const attestationCodeParamsSchema = z.object({ code: z.string().regex(/^[A-Z0-9-]{4,40}$/i, { message: 'Code de vérification invalide.' }) });

const isoDate = z
  .string({ message: 'Date : date attendue (AAAA-MM-JJ).' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date : format AAAA-MM-JJ attendu.' })
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && d.getUTCFullYear() >= 2020 && d.getUTCFullYear() <= 2100;
  }, { message: 'Date : date invalide.' });

export const halfDaySchema = z.strictObject({
  date: isoDate,
  periode: z.enum(HALF_DAYS, { message: 'Demi-journée : « matin » ou « apres-midi ».' }),
});

const visio = z
  .url({ message: 'Lien de visioconférence : URL attendue.' })
  .max(500, { message: 'Lien de visioconférence : 500 caractères au plus.' })
  .refine((v) => /^https:\/\//.test(v), { message: 'Lien de visioconférence : une adresse https:// est attendue.' });

const capacity = z.number({ message: 'Capacité : nombre attendu.' }).int({ message: 'Capacité : nombre entier attendu.' }).min(1, { message: 'Capacité : au moins 1.' }).max(500, { message: 'Capacité : 500 au plus.' });

const person = z.strictObject({ username: text('Identifiant', 100), nom: text('Nom', 200).optional() });

export const createSessionSchema = z
  .strictObject({
    moduleId: slug('Module').optional(),
    parcoursId: slug('Parcours').optional(),
    demiJournees: z
      .array(halfDaySchema, { message: 'Demi-journées : liste attendue.' })
      .min(1, { message: 'Indiquez au moins une demi-journée.' })
      .max(20, { message: 'Vingt demi-journées au plus.' })
      .refine((l) => new Set(l.map((h) => `${h.date}/${h.periode}`)).size === l.length, { message: 'Une demi-journée est citée deux fois.' }),
    lieuId: uuid('Lieu').optional(),
    visio: visio.optional(),
    formateur: person,
    capacite: capacity,
  })
  .refine((v) => (v.moduleId === undefined) !== (v.parcoursId === undefined), { message: 'Indiquez un module ou un parcours (un seul).', path: ['moduleId'] })
  .refine((v) => (v.lieuId === undefined) !== (v.visio === undefined), { message: 'Indiquez un lieu ou un lien de visioconférence (un seul).', path: ['lieuId'] });
export type CreateSession = z.infer<typeof createSessionSchema>;

export const listSessionsSchema = z.strictObject({
  moduleId: slug('Module').optional(),
  parcoursId: slug('Parcours').optional(),
  /** `true` (default): sessions whose last half-day is today or later. */
  aVenir: z.enum(['true', 'false'], { message: 'aVenir : true ou false.' }).optional(),
});

export const cancelSessionSchema = z.strictObject({ motif: text('Motif', 500) });

/** A new capacity: raised, the waiting list takes the new seats in arrival order; never below the people registered. */
export const changeCapacitySchema = z.strictObject({ capacite: capacity });

/** Without `aidant`: the caller registers themself; with it, a referent registers an aidant of the structure. */
export const registerSchema = z.strictObject({
  structureId: uuid('Structure').optional(),
  aidant: person.optional(),
});

export const cancelRegistrationSchema = z.strictObject({ motif: text('Motif', 500).optional() });

export const attendanceSchema = z.strictObject({
  /** Rank of the half-day in the session (1 = first). */
  demiJournee: z.number({ message: 'Demi-journée : numéro attendu.' }).int({ message: 'Demi-journée : numéro entier attendu.' }).min(1, { message: 'Demi-journée : 1 au moins.' }).max(20, { message: 'Demi-journée : 20 au plus.' }),
  presences: z
    .array(z.strictObject({ inscriptionId: uuid('Inscription'), present: z.boolean({ message: 'Présent : booléen attendu.' }) }), { message: 'Présences : liste attendue.' })
    .min(1, { message: 'Indiquez au moins une présence.' })
    .max(500, { message: '500 présences au plus.' })
    .refine((l) => new Set(l.map((p) => p.inscriptionId)).size === l.length, { message: 'Une inscription est citée deux fois.' }),
});

export const validateRegistrationSchema = z.strictObject({});

/**
 * A PIX result recorded by the referent with its proof: the verification code printed on the
 * PIX certificate (`P-` and 8 characters), checkable by anyone on pix.fr.
 */
export const recordPixSchema = z.strictObject({
  structureId: uuid('Structure').optional(),
  aidant: person,
  score: z.number({ message: 'Score : nombre attendu.' }).int({ message: 'Score : nombre entier attendu.' }).min(0, { message: 'Score : 0 au moins.' }).max(1024, { message: 'Score : 1024 au plus.' }),
  date: isoDate.refine((v) => v <= new Date().toISOString().slice(0, 10), { message: 'Date : le test ne peut pas être dans le futur.' }),
  preuve: z.strictObject({
    codeVerification: z.string({ message: 'Code de vérification PIX : texte attendu.' }).trim().toUpperCase().regex(/^P-[A-Z0-9]{8}$/, { message: 'Code de vérification PIX : format P-XXXXXXXX attendu (sur le certificat).' }),
    commentaire: text('Commentaire', 500).optional(),
  }),
});

export type RecordPix = z.input<typeof recordPixSchema>;

export const listPixSchema = z.strictObject({ structureId: uuid('Structure').optional() });

/** The network withdraws a training certification (e.g. granted by mistake): the reason is kept with the attestation. */
export const withdrawCertificationSchema = z.strictObject({ motif: text('Motif', 500) });
