import { V102_VOCABULARIES, type VocabularyField } from '../../standard/v1-0-2';
import type { StandardVersion } from './detect-format';

/** The v1.0.2 slugs a row's labels map to, by vocabulary. */
export type Slugs = Record<VocabularyField, Set<string>>;

export const emptySlugs = (): Slugs => Object.fromEntries(Object.keys(V102_VOCABULARIES).map((k) => [k, new Set<string>()])) as never;

/** Separator of multi-valued cells. */
export const MULTI_SEPARATOR: Record<StandardVersion, RegExp> = { 'v0.1': /;/, 'v1.0.2': /\|/ };

/** Separator of e-mail addresses (whatever the version). */
export const EMAIL_SEPARATOR = /[|;,\s]+/;

/** What the columns that differ between v0.1 and v1.0.2 give, in v1.0.2 terms. */
export interface VersionColumns {
  slugs: Slugs;
  autresLabels: string[];
  courriels: string[];
  ficheAccesLibre: string | undefined;
  presentationResume: string | undefined;
  presentationDetail: string | undefined;
}

/** Reports a label that no vocabulary knows; it is dropped. */
export const unknownValue = (label: string, column: string) => `Valeur inconnue « ${label} » ignorée (${column}).`;
