import { ORIENTATIONS, type DiagnosticAnswers, type Orientation } from '@pin/contracts';

/**
 * The orientation suggested at the end of the diagnostic de premier niveau, from the five answers
 * (first rule that applies). The person and the aidant decide: it is a suggestion.
 */
export function orient(r: DiagnosticAnswers): { orientation: Orientation; motif: string } {
  const pick = (orientation: Orientation) => ({ orientation, motif: ORIENTATIONS[orientation] });
  const urgent = r.urgence !== 'aucune';
  const littleEase = r.aisance === 'aucune' || r.aisance === 'faible';
  if (r.aideSouhaitee === 'faire-pour-moi' || (urgent && littleEase)) return pick('aidant-habilite');
  if (r.equipement === 'aucun') return pick('france-services');
  if (r.email !== 'utilisee' || urgent) return pick('mediateur');
  if (r.aideSouhaitee === 'apprendre' && r.aisance !== 'bonne') return pick('atelier');
  if (r.aisance === 'bonne' || (r.aisance === 'moyenne' && r.aideSouhaitee === 'apprendre')) return pick('autonome');
  return pick('mediateur');
}
