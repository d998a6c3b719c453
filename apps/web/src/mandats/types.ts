// The mandates routes' answers and bodies, from the contracts (type-only: vite must not bundle zod).
export type { CreateMandat, CreateUsager, MandatStatut, Items, Verification, Usager, Mandat, JournalEntry, Habilitation } from '@pin/contracts';
