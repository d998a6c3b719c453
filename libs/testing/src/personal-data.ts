/**
 * Finds personal data in a value that must hold none (the hashed part of a journal entry, an event
 * payload): keys that name a person's details, strings that look like an e-mail address or a
 * phone number, and strings equal to known personal values of the test (names, usernames, birth
 * dates). Returns one line per finding (`path: reason`), empty when clean.
 */
export function personalDataIn(value: unknown, knownPersonalValues: Iterable<string> = []): string[] {
  const known = new Set([...knownPersonalValues].map(normalize).filter((v) => v.length > 0));
  const found: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      const opaque = UUID.test(v) || ISO_TIME.test(v);
      if (!opaque && EMAIL.test(v)) found.push(`${path}: adresse e-mail`);
      if (!opaque && PHONE.test(v)) found.push(`${path}: numéro de téléphone`);
      if (known.has(normalize(v))) found.push(`${path}: valeur personnelle connue « ${v} »`);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
      return;
    }
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) {
        if (isPersonalKey(k)) found.push(`${path}.${k}: champ personnel`);
        walk(x, `${path}.${k}`);
      }
    }
  };
  walk(value, '$');
  return found;
}

/** Words that, as part of a key (camelCase or snake_case), name a person's details. */
const PERSONAL_WORDS = new Set([
  'nom', 'noms', 'prenom', 'prenoms', 'name', 'names', 'username', 'login', 'email', 'mail', 'courriel', 'telephone', 'phone', 'tel', 'mobile',
  'naissance', 'birth', 'birthdate', 'adresse', 'address', 'acteur',
]);
/** Keys that are a person on their own (the aidant's username was journaled under `aidant`). */
const PERSONAL_KEYS = new Set(['aidant', 'usager', 'referent', 'mediateur', 'animateur', 'identite']);

function isPersonalKey(key: string): boolean {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return PERSONAL_KEYS.has(key.toLowerCase()) || words.some((w) => PERSONAL_WORDS.has(w));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** French numbers (0X XX XX XX XX, +33 X …) and long international ones. */
const PHONE = /(?:^|[^\d])(?:(?:\+|00)33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?:$|[^\d])|\+\d{10,14}/;

function normalize(s: string): string {
  return s.normalize('NFC').trim().toLowerCase();
}
