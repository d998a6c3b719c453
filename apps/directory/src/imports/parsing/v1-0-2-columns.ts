import { V102_VOCABULARIES, type VocabularyField } from '../../standard/v1-0-2';
import { list, str } from './cell-values';
import { mapV01Value } from './v0-1-mapping';
import { EMAIL_SEPARATOR, emptySlugs, MULTI_SEPARATOR, unknownValue, type Slugs, type VersionColumns } from './version-columns';

const multi = MULTI_SEPARATOR['v1.0.2'];

/** The vocabularies, free labels, e-mails and accessibility sheet of a v1.0.2 row. */
export function readV102Columns(values: Record<string, unknown>, warn: (motif: string) => void): VersionColumns {
  const slugs = emptySlugs();
  for (const field of Object.keys(V102_VOCABULARIES) as VocabularyField[]) addV102Labels(slugs, field, list(values[field], multi), warn);
  return {
    slugs,
    autresLabels: list(values.autres_formations_labels, multi),
    courriels: list(values.courriels, EMAIL_SEPARATOR),
    ficheAccesLibre: str(values.fiche_acces_libre),
    presentationResume: str(values.presentation_resume),
    presentationDetail: str(values.presentation_detail),
  };
}

/** Labels (or slugs) of one vocabulary column → slugs; unknown values are reported and dropped. */
function addV102Labels(slugs: Slugs, field: VocabularyField, labels: string[], warn: (motif: string) => void): void {
  const voc = V102_VOCABULARIES[field];
  for (const label of labels) {
    const slug = voc.fromLabel(label) ?? ((voc.slugs as readonly string[]).includes(label) ? label : undefined);
    // Producers moving from v0.1 sometimes keep the old service wording.
    const v01 = slug || field !== 'services' ? undefined : mapV01Value('services', label);
    if (slug) slugs[field].add(slug);
    else if (v01) for (const t of v01) slugs[t.field].add(t.slug);
    else warn(unknownValue(label, field));
  }
}
