import { missingForHabilitation, usagerDisplayName, type LatestHabilitation } from './workspace.present';

const at = new Date('2026-01-01T00:00:00Z');
const hab = (h: Partial<LatestHabilitation>): LatestHabilitation => ({ id: 'h', statut: 'demandee', motif: null, depuis: at, charte_signee_le: at, formation_suivie_le: at, pix_reussi_le: null, certification_retiree_le: null, charte_a_signer_version: null, ...h });

describe('working space: what is missing to be habilitated', () => {
  it('asks the référent for a request when there is none', () => {
    expect(missingForHabilitation(undefined)).toEqual(['Demande d’habilitation à faire par votre référent de structure.']);
  });

  it('names the missing prerequisites, then the animateur’s validation', () => {
    expect(missingForHabilitation(hab({}))).toEqual(['En attente de validation par l’animateur du réseau.']);
    expect(missingForHabilitation(hab({ charte_signee_le: null, formation_suivie_le: null }))).toEqual([
      'Charte de l’aidant à signer (votre référent refait ensuite la demande).',
      'Parcours aidant 7 h à suivre : l’attestation de formation est prise en compte d’elle-même.',
      'En attente de validation par l’animateur du réseau.',
    ]);
  });

  it('asks for the PIX test only when HABILITATION_PIX_REQUIRED, and says when a certification was withdrawn', () => {
    expect(missingForHabilitation(hab({}), { pixRequired: true })[0]).toMatch(/^Test PIX à réussir/);
    expect(missingForHabilitation(hab({ pix_reussi_le: at }), { pixRequired: true })).toEqual(['En attente de validation par l’animateur du réseau.']);
    expect(missingForHabilitation(hab({ formation_suivie_le: null, certification_retiree_le: at }))[0]).toMatch(/^Certification de formation retirée par le réseau : parcours/);
    // A granted habilitation is not withdrawn automatically: it is flagged.
    expect(missingForHabilitation(hab({ statut: 'accordee', certification_retiree_le: at }))[0]).toMatch(/reste accordée/);
  });

  it('says when a new charter version is to be signed again; a granted habilitation stays granted', () => {
    expect(missingForHabilitation(hab({ charte_signee_le: null, charte_a_signer_version: 2 }))[0]).toMatch(/^Charte à signer de nouveau : la version 2 /);
    expect(missingForHabilitation(hab({ statut: 'accordee', charte_a_signer_version: 3 }))).toEqual([
      'Charte à signer de nouveau : la version 3 de la charte de l’aidant a été publiée (l’habilitation reste accordée).',
    ]);
  });

  it('says nothing once granted, and gives the reason of a refusal or withdrawal', () => {
    expect(missingForHabilitation(hab({ statut: 'accordee' }))).toEqual([]);
    expect(missingForHabilitation(hab({ statut: 'refusee', motif: 'Formation à suivre' }))[0]).toContain('motif : Formation à suivre');
    expect(missingForHabilitation(hab({ statut: 'retiree' }))[0]).toMatch(/^Habilitation retirée : /);
    expect(missingForHabilitation(hab({ statut: 'annulee' }))[0]).toMatch(/nouvelle demande/);
  });

  it('names a usager « Prénoms Nom », or not at all once purged', () => {
    expect(usagerDisplayName({ prenoms: 'Marie Louise', nom: 'Durand' })).toBe('Marie Louise Durand');
    expect(usagerDisplayName({ prenoms: null, nom: null })).toBeNull();
  });
});
