/** What a journal entry records. Actions are stable strings; the usager sees their French label. */
export const JOURNAL_ACTIONS = {
  'usager.cree': 'Votre dossier a été créé (identité vérifiée sur pièce)',
  'usager.consulte': 'Vos données ont été consultées',
  'usager.modifie': 'Vos coordonnées ont été modifiées',
  'usager.relie': 'Votre compte personnel a été relié à votre dossier',
  'usager.code_emis': 'Un code pour relier votre compte a été émis',
  'mandat.cree': 'Un mandat a été créé',
  'mandat.renouvele': 'Un mandat a été renouvelé (nouveau consentement)',
  'mandat.revoque': 'Un mandat a été révoqué',
  'mandat.expire': 'Un mandat est arrivé à échéance',
  'mandat.expiration_proche': 'Un mandat arrive à échéance dans 30 jours',
  'autorisation.creee': 'Une autorisation a été donnée pour une démarche',
  'autorisation.utilisee': 'Une autorisation a été utilisée pour une démarche',
  'autorisation.revoquee': 'Une autorisation a été révoquée',
  'autorisation.refusee': 'Une demande d’agir pour vous a été refusée',
  'habilitation.demandee': 'Habilitation demandée',
  'habilitation.accordee': 'Habilitation accordée',
  'habilitation.refusee': 'Habilitation refusée',
  'habilitation.retiree': 'Habilitation retirée',
  'habilitation.annulee': 'Demande d’habilitation annulée',
  'habilitation.formation_certifiee': 'Formation de l’aidant certifiée par le service de formation',
  'habilitation.charte_signee': 'Charte de l’aidant signée (service de labellisation)',
  'habilitation.charte_a_resigner': 'Nouvelle version de la charte de l’aidant : à signer de nouveau',
  'habilitation.pix_reussi': 'Test PIX réussi (résultat enregistré dans le service de formation)',
  'habilitation.certification_retiree': 'Certification de formation retirée par le réseau',
  'donnees.purgees': 'Données personnelles effacées (durée de conservation atteinte)',
} as const;
export type JournalAction = keyof typeof JOURNAL_ACTIONS;

type Scalar = string | number | boolean | null;
export type JournalData = Record<string, Scalar | Scalar[]>;

export interface JournalInput {
  action: JournalAction;
  usagerId?: string | null;
  structureId?: string | null;
  mandatId?: string | null;
  demarche?: string | null;
  actorSub?: string | null;
  /** Non-personal facts, part of the hash. */
  data?: JournalData;
  /** Personal details (names, contact), kept outside the hash; erased by the retention purge. */
  personal?: Record<string, unknown>;
}

export interface JournalRecord {
  seq: number;
  id: string;
  recordedAt: Date;
  action: string;
  usagerId: string | null;
  structureId: string | null;
  mandatId: string | null;
  demarche: string | null;
  actorSub: string | null;
  data: JournalData;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
