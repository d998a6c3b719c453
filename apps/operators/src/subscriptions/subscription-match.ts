import type { Territory } from '@pin/contracts';

/** Where an event happened: a commune with its département and EPCI (each may be unknown). */
export interface Place {
  commune: string | null;
  departement: string | null;
  epci: string | null;
}

/** What a subscription filters on. */
export interface SubscriptionFilter {
  types: readonly string[];
  territoire: Territory;
  demarches: readonly string[];
}

/** The facts of one event a subscription is matched against. */
export interface EventFacts {
  type: string;
  /** Every place the event concerns (a lieu that moved: before and after); empty when unknown. */
  places: readonly Place[];
  /** The démarche concerned (mandate events), if any. */
  demarche?: string;
}

export const isEverywhere = (t: Territory) => t.departements.length === 0 && t.epcis.length === 0 && t.communes.length === 0;

/**
 * Whether a subscription wants an event: its type is subscribed, one of its places is in the
 * territory (any listed département, EPCI or commune; no territory = everywhere; an event whose
 * place is unknown reaches only subscriptions without territory), and for an event about a
 * démarche, that démarche is listed (no démarche listed = all).
 */
export function matchesSubscription(sub: SubscriptionFilter, event: EventFacts): boolean {
  if (!sub.types.includes(event.type)) return false;
  if (event.demarche !== undefined && sub.demarches.length > 0 && !sub.demarches.includes(event.demarche)) return false;
  const t = sub.territoire;
  if (isEverywhere(t)) return true;
  return event.places.some(
    (p) =>
      (p.commune !== null && t.communes.includes(p.commune)) ||
      (p.departement !== null && t.departements.includes(p.departement)) ||
      (p.epci !== null && t.epcis.includes(p.epci)),
  );
}
