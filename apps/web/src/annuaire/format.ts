/**
 * Pure helpers of the directory pages (no DOM): search state ↔ URL, French wording, API error
 * details → form fields. Tested in format.spec.ts.
 */

/** The multi-valued filters of GET /api/v1/lieux, in the order of the filter form. */
export const FILTER_LISTS = ['services', 'demarches', 'publics', 'prise_en_charge', 'frais', 'modalites_acces', 'modalites_accompagnement'] as const;
export type FilterList = (typeof FILTER_LISTS)[number];

export interface SearchState {
  q: string;
  lists: Record<FilterList, string[]>;
  /** INSEE code, and the commune's name to show it again. */
  commune: string;
  communeNom: string;
  ouvert: 'indifferent' | 'maintenant' | 'le';
  /** YYYY-MM-DD and HH:mm (Paris time) when ouvert = 'le'. */
  date: string;
  heure: string;
  /** Point for "autour de moi" / "autour d’un point choisi sur la carte". */
  lat: number | null;
  lon: number | null;
  page: number;
}

const SLUG = /^[a-z0-9-]{1,60}$/;
const INSEE = /^([013-9]\d|2[AB1-9])\d{3}$/;

export function emptySearch(): SearchState {
  return {
    q: '', lists: Object.fromEntries(FILTER_LISTS.map((f) => [f, []])) as unknown as Record<FilterList, string[]>,
    commune: '', communeNom: '', ouvert: 'indifferent', date: '', heure: '', lat: null, lon: null, page: 1,
  };
}

const coordinate = (v: string | null, max: number): number | null => {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && Math.abs(n) <= max ? n : null;
};

/** The page's URL query (?demarches=caf,impots&ouvert=maintenant…) → search state; bad values are dropped. */
export function searchFromUrl(query: string | URLSearchParams): SearchState {
  const p = typeof query === 'string' ? new URLSearchParams(query) : query;
  const s = emptySearch();
  s.q = (p.get('q') ?? '').slice(0, 100);
  for (const f of FILTER_LISTS) {
    s.lists[f] = [...new Set((p.get(f) ?? '').split(',').map((v) => v.trim()).filter((v) => SLUG.test(v)))].slice(0, 30);
  }
  const commune = p.get('commune') ?? '';
  if (INSEE.test(commune)) {
    s.commune = commune;
    s.communeNom = (p.get('commune_nom') ?? '').slice(0, 120);
  }
  const le = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(p.get('ouvert_le') ?? '');
  if (p.get('ouvert') === 'maintenant') s.ouvert = 'maintenant';
  else if (le) [s.ouvert, s.date, s.heure] = ['le', le[1], le[2]];
  s.lat = coordinate(p.get('lat'), 90);
  s.lon = coordinate(p.get('lon'), 180);
  if (s.lat === null || s.lon === null) s.lat = s.lon = null;
  const page = Number(p.get('page'));
  s.page = Number.isInteger(page) && page >= 1 && page <= 500 ? page : 1;
  return s;
}

/** Parameters shared by the page URL and the API query. */
function commonParams(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q.trim());
  for (const f of FILTER_LISTS) if (s.lists[f].length) p.set(f, s.lists[f].join(','));
  if (s.commune) p.set('commune', s.commune);
  if (s.ouvert === 'maintenant') p.set('ouvert', 'maintenant');
  if (s.ouvert === 'le' && s.date && s.heure) p.set('ouvert_le', `${s.date}T${s.heure}`);
  if (s.lat !== null && s.lon !== null) {
    p.set('lat', s.lat.toFixed(5));
    p.set('lon', s.lon.toFixed(5));
  }
  return p;
}

/** The page's own URL query (kept in the address bar: a search can be shared or bookmarked). */
export function searchToUrl(s: SearchState): string {
  const p = commonParams(s);
  if (s.commune && s.communeNom) p.set('commune_nom', s.communeNom);
  if (s.page > 1) p.set('page', String(s.page));
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** Query string of GET /api/v1/lieux for this state. */
export function searchToApi(s: SearchState, pageSize: number): string {
  const p = commonParams(s);
  p.set('page', String(s.page));
  p.set('pageSize', String(pageSize));
  return p.toString();
}

/** Number of active criteria (shown on the filters' toggle). */
export function activeFilterCount(s: SearchState): number {
  return FILTER_LISTS.reduce((n, f) => n + s.lists[f].length, 0) + (s.commune ? 1 : 0) + (s.ouvert !== 'indifferent' ? 1 : 0) + (s.lat !== null ? 1 : 0);
}

/** "Aucun lieu ne correspond…", "1 lieu trouvé", "1 234 lieux trouvés — page 2 sur 62". */
export function countLabel(total: number, page: number, pageSize: number): string {
  if (total === 0) return 'Aucun lieu ne correspond à votre recherche.';
  const count = total === 1 ? '1 lieu trouvé' : `${formatInteger(total)} lieux trouvés`;
  const pages = pageCount(total, pageSize);
  return pages > 1 ? `${count} — page ${page} sur ${pages}.` : `${count}.`;
}

export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

/** French thousands separator (a narrow no-break space), independent of the runtime's ICU data. */
export function formatInteger(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** "à 350 m", "à 1,2 km", "à 15 km". */
export function distanceLabel(meters: number): string {
  if (meters < 1000) return `à ${Math.max(10, Math.round(meters / 10) * 10)} m`;
  const km = meters / 1000;
  return km < 10 ? `à ${km.toFixed(1).replace('.', ',')} km` : `à ${formatInteger(km)} km`;
}

/** Badge of a lieu: open, closed, or unknown (missing or unreadable horaires). */
export function openLabel(ouvert: boolean | null | undefined, when: 'maintenant' | 'le' = 'maintenant'): { text: string; kind: 'ouvert' | 'ferme' | 'inconnu' } {
  if (ouvert === true) return { text: when === 'le' ? 'Ouvert à ce moment-là' : 'Ouvert maintenant', kind: 'ouvert' };
  if (ouvert === false) return { text: when === 'le' ? 'Fermé à ce moment-là' : 'Fermé', kind: 'ferme' };
  return { text: 'Horaires non renseignés', kind: 'inconnu' };
}

/** « ouvre demain à 9 h », « ouvre lundi à 14 h 30 », « ouvre le 26 décembre à 9 h » (Paris time). */
export function nextOpeningLabel(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const tz = { timeZone: 'Europe/Paris' } as const;
  const day = (d: Date) => d.toLocaleDateString('fr-FR', tz);
  const [hh, mm] = at.toLocaleTimeString('fr-FR', { ...tz, hour: '2-digit', minute: '2-digit' }).split(':');
  const time = `${Number(hh)} h${mm === '00' ? '' : ` ${mm}`}`;
  if (day(at) === day(now)) return `ouvre aujourd’hui à ${time}`;
  if (day(at) === day(new Date(now.getTime() + 86_400_000))) return `ouvre demain à ${time}`;
  if (at.getTime() - now.getTime() < 6 * 86_400_000) return `ouvre ${at.toLocaleDateString('fr-FR', { ...tz, weekday: 'long' })} à ${time}`;
  return `ouvre le ${at.toLocaleDateString('fr-FR', { ...tz, day: 'numeric', month: 'long' })} à ${time}`;
}

/** Route to the lieu on OpenStreetMap (the user chooses the mode of transport there). */
export function routeUrl(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/directions?to=${latitude.toFixed(6)}%2C${longitude.toFixed(6)}`;
}

/** "+33558000000" → "05 58 00 00 00" (mainland numbers); others as given. */
export function phoneLabel(tel: string): string {
  const m = /^\+33(\d{9})$/.exec(tel);
  if (!m) return tel;
  return `0${m[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** Slugs → labels with a référentiel; an unknown slug is shown as is. */
export function labelsOf(values: unknown, vocabulary: Record<string, string> = {}): string[] {
  if (!Array.isArray(values)) return [];
  return values
    .map((v) => {
      if (typeof v === 'string') return vocabulary[v] ?? v;
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        const label = o.label ?? o.libelle ?? o.nom;
        if (typeof label === 'string') return label;
        if (typeof o.slug === 'string') return vocabulary[o.slug] ?? o.slug;
      }
      return '';
    })
    .filter(Boolean);
}

/** A référentiel as the API may give it ({slug: label} or [{slug, label|libelle}]) → {slug: label}. */
export function vocabularyOf(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    const out: Record<string, string> = {};
    for (const v of value) {
      if (!v || typeof v !== 'object') continue;
      const o = v as Record<string, unknown>;
      const label = o.label ?? o.libelle;
      if (typeof o.slug === 'string' && typeof label === 'string') out[o.slug] = label;
    }
    return out;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  return {};
}

export interface DemarcheTheme {
  theme: string;
  demarches: { slug: string; libelle: string }[];
}

/**
 * The démarches catalogue as GET /api/v1/demarches may give it — [{theme, demarches:[…]}],
 * {themes:[…]}, {items:[{slug, libelle, theme}]} or a flat list — grouped by theme, inactive ones left out.
 */
export function demarcheThemes(value: unknown): DemarcheTheme[] {
  const root = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const list = Array.isArray(value) ? value : Array.isArray(root.themes) ? root.themes : Array.isArray(root.items) ? root.items : [];
  const themes = new Map<string, DemarcheTheme>();
  const add = (theme: string, d: Record<string, unknown>) => {
    if (typeof d.slug !== 'string' || d.actif === false) return;
    const libelle = typeof d.libelle === 'string' ? d.libelle : typeof d.label === 'string' ? d.label : d.slug;
    const t = themes.get(theme) ?? { theme, demarches: [] };
    t.demarches.push({ slug: d.slug, libelle });
    themes.set(theme, t);
  };
  for (const entry of list) {
    if (!entry || typeof entry !== 'object') continue;
    const o = entry as Record<string, unknown>;
    const inner = Array.isArray(o.demarches) ? o.demarches : Array.isArray(o.items) ? o.items : null;
    const theme = typeof o.theme === 'string' ? o.theme : typeof o.libelle === 'string' && inner ? o.libelle : 'Autres démarches';
    if (!inner) {
      add(theme, o);
      continue;
    }
    for (const d of inner) if (d && typeof d === 'object') add(theme, d as Record<string, unknown>);
  }
  return [...themes.values()];
}

export interface FieldError {
  field: string;
  message: string;
}

/** The `details` of a validation error ([{path, message}] or zod-like issues) → one error per field. */
export function fieldErrors(details: unknown): FieldError[] {
  const out: FieldError[] = [];
  const push = (path: unknown, message: unknown) => {
    if (typeof message !== 'string' || !message) return;
    const parts = (Array.isArray(path) ? path.map(String) : typeof path === 'string' ? path.split('.') : []).filter((p) => p !== '');
    while (parts.length > 1 && (parts[0] === 'body' || parts[0] === 'data')) parts.shift();
    const field = parts[0] ?? '';
    if (!out.some((e) => e.field === field)) out.push({ field, message });
  };
  if (Array.isArray(details)) {
    for (const d of details) if (d && typeof d === 'object') push((d as Record<string, unknown>).path ?? (d as Record<string, unknown>).field, (d as Record<string, unknown>).message);
  } else if (details && typeof details === 'object' && Array.isArray((details as { issues?: unknown }).issues)) {
    return fieldErrors((details as { issues: unknown[] }).issues);
  }
  return out;
}

export const SIGNALEMENT_MOTIFS: { value: string; label: string }[] = [
  { value: 'n-existe-plus', label: 'Le lieu n’existe plus' },
  { value: 'horaires', label: 'Les horaires sont faux' },
  { value: 'services', label: 'Les services proposés sont différents' },
  { value: 'adresse', label: 'L’adresse ou la position est fausse' },
  { value: 'contacts', label: 'Les contacts sont faux' },
  { value: 'autre', label: 'Autre chose' },
];

export interface SignalementInput {
  motif: string;
  commentaire: string;
  email: string;
}

/** Client-side check of the "Signaler une erreur" form, with the same limits as the API. */
export function validateSignalement(input: SignalementInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!SIGNALEMENT_MOTIFS.some((m) => m.value === input.motif)) errors.push({ field: 'motif', message: 'Choisissez ce qui est inexact.' });
  const commentaire = input.commentaire.trim();
  if (input.motif === 'autre' && commentaire.length < 5) errors.push({ field: 'commentaire', message: 'Décrivez l’erreur en quelques mots (5 caractères au moins).' });
  else if (commentaire.length > 2000) errors.push({ field: 'commentaire', message: 'Le commentaire doit faire 2 000 caractères au plus.' });
  const email = input.email.trim();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email)) errors.push({ field: 'email', message: 'Adresse e-mail invalide (exemple : nom@domaine.fr). Vous pouvez aussi la laisser vide.' });
  return errors;
}

/** A line of a multi-line text field → trimmed non-empty values (courriels, sites web, autres labels). */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n|,/).map((v) => v.trim()).filter(Boolean);
}

/** "2026-11-23" or an ISO instant → "23 novembre 2026". */
export function dateLabel(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!m) return '';
  const mois = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][Number(m[2]) - 1];
  return mois ? `${Number(m[3])}${m[3] === '01' ? 'er' : ''} ${mois} ${m[1]}` : '';
}

/** Flags shown to the public, in French (the others are internal). */
export function flagNotices(flags: readonly string[]): string[] {
  const notices: string[] = [];
  if (flags.includes('a-verifier')) notices.push('Plusieurs personnes ont signalé que ce lieu n’existe plus : ces informations sont à vérifier avant de vous déplacer.');
  // Unreadable horaires are withheld from the public until they are fixed.
  if (flags.includes('horaires-invalides')) notices.push('Les horaires de ce lieu sont en cours de vérification : contactez le lieu avant de vous déplacer.');
  if (flags.includes('coordonnees-manquantes')) notices.push('La position de ce lieu sur la carte n’est pas connue.');
  if (flags.includes('demo')) notices.push('Lieu de démonstration : il n’existe pas réellement.');
  return notices;
}
