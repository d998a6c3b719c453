import { z } from 'zod';

/** Request schemas of the labelling service (labels, dossiers, charte de l'aidant, Pass Numérique). */

export const DOSSIER_STATUTS = ['brouillon', 'depose', 'en_instruction', 'modifications_demandees', 'accorde', 'refuse'] as const;
export type DossierStatut = (typeof DOSSIER_STATUTS)[number];

export const PASS_STATUTS = ['lot', 'alloue', 'distribue', 'scanne', 'reclame', 'paye', 'expire', 'annule'] as const;
export type PassStatut = (typeof PASS_STATUTS)[number];

const uuid = (label: string) => z.uuid({ message: `${label} : identifiant invalide.` });
const slug = z.string().regex(/^[a-z0-9-]{1,60}$/, 'Identifiant attendu (lettres minuscules, chiffres, tirets).');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Mois attendu au format AAAA-MM.');

export const idParamsSchema = z.strictObject({ id: uuid('id') });
export const programmeIdParamsSchema = z.strictObject({ id: slug });

export const createDossierSchema = z.strictObject({
  programmeId: slug,
  niveau: slug,
  lieuId: uuid('Lieu'),
});

export const dossierAnswersSchema = z.strictObject({
  reponses: z
    .array(
      z.strictObject({
        critereId: slug,
        reponse: z.string().trim().min(1, 'Réponse : ce champ est obligatoire.').max(4000, '4000 caractères au plus.'),
        /** Evidence as text (a link, a description); files are pieces (dossier-pieces.dto.ts), never through NATS. */
        preuve: z.string().trim().max(2000, '2000 caractères au plus.').optional(),
        /** « Aidant formé »: the SSO subjects of the trained aidants, checked against training's certifications. */
        aidants: z.array(z.string().min(1).max(200)).max(50).optional(),
      }),
    )
    .min(1, 'Au moins une réponse.')
    .max(100),
});

export const listDossiersSchema = z.strictObject({
  statut: z.enum(DOSSIER_STATUTS).optional(),
});

export const reviewDossierSchema = z.strictObject({
  decision: z.enum(['modifications', 'accorder', 'refuser'], { message: 'Décision : modifications, accorder ou refuser.' }),
  commentaires: z
    .array(z.strictObject({ critereId: slug, conforme: z.boolean(), commentaire: z.string().trim().max(2000).optional() }))
    .max(100)
    .default([]),
  motif: z.string().trim().max(2000).optional(),
});

export const revokeLabelSchema = z.strictObject({ motif: z.string().trim().min(1, 'Motif : ce champ est obligatoire.').max(2000) });

export const nationalLabelSchema = z.strictObject({
  programmeId: slug,
  lieuId: uuid('Lieu'),
  /** Proof of the national label (reference, link to the national registry). */
  preuve: z.string().trim().min(1, 'Preuve : ce champ est obligatoire.').max(2000),
  depuis: day,
  jusquAu: day.optional(),
});

export const listLabelsSchema = z.strictObject({ lieuId: uuid('Lieu').optional(), programmeId: slug.optional() });

export const charterVersionSchema = z.strictObject({ texte: z.string().trim().min(20, 'Le texte de la charte est trop court.').max(50_000) });
export const signCharterSchema = z.strictObject({
  version: z.number().int().positive(),
  structureId: uuid('Structure').optional(),
});

export const passBatchSchema = z.strictObject({
  financeur: z.string().trim().min(1).max(200),
  /** First number of the range and how many passes (carnets of 10 are printed from it). */
  premierNumero: z.number().int().positive().max(9_999_999_999),
  nombre: z.number().int().positive().max(100_000),
  valeurCentimes: z.number().int().positive().max(100_000),
  valideJusquAu: day,
});

/** The printable carnet of a batch is cut into files of a few hundred passes: `page` is 1-based. */
export const passCarnetQuerySchema = z.strictObject({ page: z.coerce.number().int().positive().max(1_000).optional() });

export const passAllocateSchema = z.strictObject({
  lotId: uuid('Lot'),
  /** The prescriber (e.g. the Mission Locale) is a structure of the network. */
  prescripteurId: uuid('Prescripteur'),
  nombre: z.number().int().positive().max(100_000),
});

export const passCodePattern = /^PN-\d{1,10}-[0-9A-F]{10}$/;
const passCode = z.string().trim().toUpperCase().regex(passCodePattern, 'Code de pass attendu : PN-numéro-contrôle (ex. PN-1001-3F2A9C01B4).');

export const passDistributeSchema = z.strictObject({
  code: passCode,
  /** The prescriber's own file reference for the beneficiary: stored only as a keyed hash (pseudonymous). */
  beneficiaire: z.string().trim().min(1).max(100),
});

export const passRedeemSchema = z.strictObject({
  code: passCode,
  lieuId: uuid('Lieu'),
  service: slug,
});

export const passCancelSchema = z.strictObject({ code: passCode, motif: z.string().trim().min(1).max(500) });
export const passCodeQuerySchema = z.strictObject({ code: passCode });

export const passFiguresSchema = z.strictObject({ par: z.enum(['lot', 'prescripteur', 'lieu']).default('lot') });

export const claimCreateSchema = z.strictObject({ mois: month, financeur: z.string().trim().min(1).max(200) });
