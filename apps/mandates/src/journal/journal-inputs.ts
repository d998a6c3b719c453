import type { JournalAction, JournalData, JournalInput } from './journal.types';

/**
 * The one place that shapes journal entries, one builder per action (`JOURNAL_ACTIONS`). The
 * hashed part (`data` and the id columns) holds ids, dates, codes and flags only; whatever names a
 * person (names, usernames, contact) goes to `personal`, outside the hash, where the retention
 * purge can erase it without breaking the chain. `journal-inputs.spec.ts` checks every builder.
 */

/** Who acted: the opaque subject id is hashed, the display name is personal. */
export interface JournalActor {
  sub: string;
  nom: string;
}

interface UsagerScope {
  usagerId: string;
  structureId: string;
}

interface MandatScope extends UsagerScope {
  mandatId: string;
}

export interface MandateCreation extends MandatScope {
  actor: JournalActor;
  demarches: readonly string[];
  dureeJours: number;
  debut: Date;
  fin: Date;
}

export interface AutorisationRevocation extends MandatScope {
  actor: JournalActor;
  autorisationId: string;
  demarche: string;
  par: 'usager' | 'aidant';
  motif: 'revocation' | 'renouvellement';
  remplaceePar?: string | null;
}

export interface AuthorizationRefusal {
  usagerId: string | null;
  structureId: string | null;
  actorSub: string | null;
  mandatId?: string | null;
  demarche?: string | null;
  raison: string;
  /** The démarche asked for when it is not one of the référentiel (a code, never free text about a person). */
  demarcheDemandee?: string;
  operation?: 'creation_mandat';
}

/** The aidant of a habilitation: identified in the hash by the habilitation id (and `sub` once known). */
export interface HabilitationSubject {
  habilitationId: string;
  structureId: string;
  aidant: { username: string; nom: string | null; sub: string | null };
  actor: JournalActor;
}

const personalOf = (fields: Record<string, string | null | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

function habilitationEntry(action: JournalAction, h: HabilitationSubject, data: JournalData = {}): JournalInput {
  return {
    action,
    structureId: h.structureId,
    actorSub: h.actor.sub,
    data: { habilitationId: h.habilitationId, aidantSub: h.aidant.sub, ...data },
    personal: personalOf({ acteur: h.actor.nom, aidant: h.aidant.username, aidantNom: h.aidant.nom }),
  };
}

function mandateCreation(action: 'mandat.cree' | 'mandat.renouvele', c: MandateCreation): JournalInput {
  return {
    action,
    usagerId: c.usagerId,
    structureId: c.structureId,
    mandatId: c.mandatId,
    actorSub: c.actor.sub,
    data: { demarches: [...c.demarches].sort(), dureeJours: c.dureeJours, debut: c.debut.toISOString(), fin: c.fin.toISOString(), consentement: true },
    personal: { acteur: c.actor.nom },
  };
}

export const JOURNAL_INPUTS = {
  'usager.cree': (u: UsagerScope & { actor: JournalActor }): JournalInput => ({
    action: 'usager.cree', usagerId: u.usagerId, structureId: u.structureId, actorSub: u.actor.sub, data: { identiteVerifiee: true }, personal: { acteur: u.actor.nom },
  }),
  'usager.consulte': (u: UsagerScope & { actor: JournalActor }): JournalInput => ({
    action: 'usager.consulte', usagerId: u.usagerId, structureId: u.structureId, actorSub: u.actor.sub, personal: { acteur: u.actor.nom },
  }),
  /** `champs` names the fields changed (`email`, `telephone`), never their values. */
  'usager.modifie': (u: UsagerScope & { actor: JournalActor; champs: ReadonlyArray<'email' | 'telephone'> }): JournalInput => ({
    action: 'usager.modifie', usagerId: u.usagerId, structureId: u.structureId, actorSub: u.actor.sub, data: { champs: [...u.champs] }, personal: { acteur: u.actor.nom },
  }),
  'usager.relie': (u: { usagerId: string; accountSub: string }): JournalInput => ({ action: 'usager.relie', usagerId: u.usagerId, actorSub: u.accountSub }),
  'usager.code_emis': (u: UsagerScope & { actor: JournalActor }): JournalInput => ({
    action: 'usager.code_emis', usagerId: u.usagerId, structureId: u.structureId, actorSub: u.actor.sub, personal: { acteur: u.actor.nom },
  }),
  'mandat.cree': (c: MandateCreation): JournalInput => mandateCreation('mandat.cree', c),
  'mandat.renouvele': (c: MandateCreation): JournalInput => mandateCreation('mandat.renouvele', c),
  'mandat.revoque': (r: MandatScope & { actor: JournalActor; par: 'usager' | 'aidant' }): JournalInput => ({
    action: 'mandat.revoque', usagerId: r.usagerId, structureId: r.structureId, mandatId: r.mandatId, actorSub: r.actor.sub, data: { par: r.par }, personal: { acteur: r.actor.nom },
  }),
  'mandat.expire': (e: MandatScope & { fin: Date }): JournalInput => ({
    action: 'mandat.expire', usagerId: e.usagerId, structureId: e.structureId, mandatId: e.mandatId, data: { fin: e.fin.toISOString() },
  }),
  /** Whether the usager could be told (an address or number exists), never the address or number. */
  'mandat.expiration_proche': (e: MandatScope & { fin: Date; usagerNotifie: boolean }): JournalInput => ({
    action: 'mandat.expiration_proche', usagerId: e.usagerId, structureId: e.structureId, mandatId: e.mandatId, data: { fin: e.fin.toISOString(), usagerNotifie: e.usagerNotifie },
  }),
  'autorisation.creee': (a: MandatScope & { actorSub: string; autorisationId: string; demarche: string; fin: Date }): JournalInput => ({
    action: 'autorisation.creee', usagerId: a.usagerId, structureId: a.structureId, mandatId: a.mandatId, demarche: a.demarche, actorSub: a.actorSub, data: { autorisationId: a.autorisationId, fin: a.fin.toISOString() },
  }),
  'autorisation.utilisee': (a: MandatScope & { actorSub: string; autorisationId: string; demarche: string }): JournalInput => ({
    action: 'autorisation.utilisee', usagerId: a.usagerId, structureId: a.structureId, mandatId: a.mandatId, demarche: a.demarche, actorSub: a.actorSub, data: { autorisationId: a.autorisationId },
  }),
  'autorisation.revoquee': (r: AutorisationRevocation): JournalInput => ({
    action: 'autorisation.revoquee',
    usagerId: r.usagerId,
    structureId: r.structureId,
    mandatId: r.mandatId,
    demarche: r.demarche,
    actorSub: r.actor.sub,
    data: r.motif === 'renouvellement' ? { autorisationId: r.autorisationId, motif: r.motif, remplaceePar: r.remplaceePar ?? null } : { autorisationId: r.autorisationId, motif: r.motif, par: r.par },
    personal: { acteur: r.actor.nom },
  }),
  'autorisation.refusee': (r: AuthorizationRefusal): JournalInput => {
    const data: JournalData = { raison: r.raison };
    if (r.demarcheDemandee !== undefined) data.demarcheDemandee = r.demarcheDemandee;
    if (r.operation !== undefined) data.operation = r.operation;
    return { action: 'autorisation.refusee', usagerId: r.usagerId, structureId: r.structureId, mandatId: r.mandatId ?? null, demarche: r.demarche ?? null, actorSub: r.actorSub, data };
  },
  'habilitation.demandee': (h: HabilitationSubject & { charteSignee: boolean; formationSuivie: boolean }): JournalInput =>
    habilitationEntry('habilitation.demandee', h, { charteSignee: h.charteSignee, formationSuivie: h.formationSuivie }),
  'habilitation.accordee': (h: HabilitationSubject): JournalInput => habilitationEntry('habilitation.accordee', h),
  'habilitation.refusee': (h: HabilitationSubject): JournalInput => habilitationEntry('habilitation.refusee', h),
  'habilitation.retiree': (h: HabilitationSubject): JournalInput => habilitationEntry('habilitation.retiree', h),
  'habilitation.annulee': (h: HabilitationSubject): JournalInput => habilitationEntry('habilitation.annulee', h),
  /** The training service certified the aidant's path: « formation suivie » of a pending request, set by no one in person. */
  'habilitation.formation_certifiee': (c: { habilitationId: string; structureId: string; aidantSub: string; pathId: string; attestationId: string }): JournalInput => ({
    action: 'habilitation.formation_certifiee', structureId: c.structureId, data: { habilitationId: c.habilitationId, aidantSub: c.aidantSub, parcours: c.pathId, attestationId: c.attestationId },
  }),
  /** The aidant signed the charte de l'aidant in the labelling service: « charte signée » of a pending request, set by no one in person. */
  'habilitation.charte_signee': (c: { habilitationId: string; structureId: string; aidantSub: string; version: number; signatureId: string }): JournalInput => ({
    action: 'habilitation.charte_signee', structureId: c.structureId, data: { habilitationId: c.habilitationId, aidantSub: c.aidantSub, version: c.version, signatureId: c.signatureId },
  }),
  /**
   * A new version of the charte de l'aidant was published: a pending request loses « charte signée »
   * (`charteRetiree`); a granted habilitation stays granted and is flagged until the aidant signs it.
   */
  'habilitation.charte_a_resigner': (c: { habilitationId: string; structureId: string; aidantSub: string | null; version: number; statut: string; charteRetiree: boolean }): JournalInput => ({
    action: 'habilitation.charte_a_resigner', structureId: c.structureId,
    data: { habilitationId: c.habilitationId, aidantSub: c.aidantSub, version: c.version, statut: c.statut, charteRetiree: c.charteRetiree },
  }),
  /** A PIX result meeting the threshold was recorded in the training service: « test PIX réussi » of a pending request, set by no one in person. */
  'habilitation.pix_reussi': (c: { habilitationId: string; structureId: string; aidantSub: string; pixResultId: string; passedOn: string }): JournalInput => ({
    action: 'habilitation.pix_reussi', structureId: c.structureId, data: { habilitationId: c.habilitationId, aidantSub: c.aidantSub, pixResultId: c.pixResultId, passeLe: c.passedOn },
  }),
  /**
   * The network withdrew the training certification this habilitation relied on: a pending request
   * loses « formation suivie » (`formationRetiree`); a granted one stays granted and is flagged.
   */
  'habilitation.certification_retiree': (c: { habilitationId: string; structureId: string; aidantSub: string; attestationId: string; statut: string; formationRetiree: boolean }): JournalInput => ({
    action: 'habilitation.certification_retiree', structureId: c.structureId,
    data: { habilitationId: c.habilitationId, aidantSub: c.aidantSub, attestationId: c.attestationId, statut: c.statut, formationRetiree: c.formationRetiree },
  }),
  /** A usager's personal data erased, or the personal details of a refused or withdrawn habilitation's entries. */
  'donnees.purgees': (p: ({ usagerId: string } | { habilitationId: string; structureId: string }) & { entreesEffacees: number; conservationJours: number }): JournalInput =>
    'usagerId' in p
      ? { action: 'donnees.purgees', usagerId: p.usagerId, data: { entreesEffacees: p.entreesEffacees, conservationJours: p.conservationJours } }
      : { action: 'donnees.purgees', structureId: p.structureId, data: { habilitationId: p.habilitationId, entreesEffacees: p.entreesEffacees, conservationJours: p.conservationJours } },
} satisfies { [A in JournalAction]: (args: never) => JournalInput };
