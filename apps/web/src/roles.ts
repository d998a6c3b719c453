import { allows, POLICIES } from '@pin/contracts/policies';
/** Role names of the tokens and how users read them. */
const ROLE_LABELS: Record<string, string> = {
  usager: 'Usager',
  aidant: 'Aidant numérique',
  mediateur: 'Médiateur numérique',
  referent: 'Référent de structure',
  animateur: 'Animateur du réseau',
  admin: 'Administrateur',
  operateur: 'Opérateur',
  financeur: 'Financeur du Pass Numérique',
};

/** Only roles of the platform; technical ones (Keycloak defaults) are not shown. */
export function roleLabels(roles: readonly string[]): string[] {
  return roles.filter((r) => Object.hasOwn(ROLE_LABELS, r)).map((r) => ROLE_LABELS[r]);
}

/** Roles allowed to list structures (GET /api/v1/structures), from the shared policy. */
export function canListStructures(roles: readonly string[]): boolean {
  return allows({ roles }, POLICIES.structure.read);
}
