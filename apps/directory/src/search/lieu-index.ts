import KDBush from 'kdbush';
import { around } from 'geokdbush';
import {
  PinError, SEARCH_FILTER_NAMES, SEARCH_FILTERS, type LieuSearchQuery, type LieuSearchResult, type LieuSummary, type SearchFilterName,
} from '@pin/contracts';
import type { HorairesCache, Schedule } from '../opening-hours/horaires';
import { positionWithheld } from '../lieux/geo';
import type { CommunesReferentiel } from './communes';
import { geodesicMeters, haversineMeters, SPHERE_ERROR } from './geodesic';

/** The columns of an active lieu the search needs (loaded from the `lieu` table). */
export interface LieuRow extends Omit<LieuSummary, 'ouvert' | 'distance_m'> {
  horaires: string | null;
  publics_specifiquement_adresses: string[];
  prise_en_charge_specifique: string[];
  frais_a_charge: string[];
  dispositif_programmes_nationaux: string[];
  formations_labels: string[];
  modalites_acces: string[];
  modalites_accompagnement: string[];
  /** Labels granted by the network (labelling service): programme ids and `<programme>-<niveau>`. */
  labels_reseau: string[];
}

export interface SearchInput {
  query: LieuSearchQuery;
  /** Instant the "ouvert" state is evaluated at (ouvert_le, or now). */
  instant: number;
  /** Ids matching `q`, best first (from PostgreSQL full-text search); undefined without q. */
  textIds?: readonly string[];
  /**
   * Words of `q` (lower case, no accents) that must each start a word of the name or commune:
   * prefix matching done here, because the stemmed tsvector cannot match a prefix longer than a
   * stem ("numeriq" vs the stem "numer"). A row matches `q` when either path matches it.
   */
  prefixWords?: readonly string[];
}

/** Lower case, accents removed, words separated by single spaces (for prefix matching). */
export function foldWords(text: string): string[] {
  return (text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}


/** Below this many matches, distances are computed for every match instead of walking the kd-tree. */
const BRUTE_FORCE_MAX = 512;
const MINUTE = 60_000;
const SORT_KEYS = new WeakMap<LieuRow, string>();
const WORDS = new WeakMap<LieuRow, string>();

/** " word word …" of the name and commune, computed once per row object. */
function wordsOf(row: LieuRow): string {
  let w = WORDS.get(row);
  if (w === undefined) {
    w = ` ${foldWords(`${row.nom} ${row.commune}`).join(' ')}`;
    WORDS.set(row, w);
  }
  return w;
}

/** Alphabetical key (accents and case ignored, numbers padded so that 9 < 10), computed once per row object. */
function sortKey(row: LieuRow): string {
  let key = SORT_KEYS.get(row);
  if (key === undefined) {
    key = row.nom
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/\d+/g, (d) => d.padStart(10, '0'));
    SORT_KEYS.set(row, key);
  }
  return key;
}

/**
 * Immutable in-memory snapshot of the active lieux: a kd-tree of the coordinates (geokdbush:
 * great-circle nearest neighbours with a filter predicate), one membership array per filter
 * value, per-row indexes into the shared opening-hours schedules, and the alphabetical order.
 * A query scans the rows once (filters + open state, ≈20k byte reads), then orders the matches.
 */
export class LieuIndex {
  readonly size: number;
  private readonly rows: LieuRow[];
  private readonly lon: Float64Array;
  private readonly lat: Float64Array;
  private readonly hasGeo: Uint8Array;
  private readonly kd: KDBush;
  private readonly kdToRow: Int32Array;
  private readonly facets = new Map<SearchFilterName, Map<string, Uint8Array>>();
  private readonly communeOfRow: (string | undefined)[];
  private readonly epciOfRow: (string | undefined)[];
  private readonly scheduleOfRow: Int32Array;
  private readonly schedules: Schedule[] = [];
  /** A row using each schedule: its text and place, for on-demand evaluation beyond the window. */
  private readonly scheduleRow: number[] = [];
  private readonly nameOrder: Int32Array;
  private readonly idToRow = new Map<string, number>();
  private readonly states = new Map<number, Int8Array>();
  private readonly marks: Uint32Array;
  private generation = 0;

  constructor(
    rows: LieuRow[],
    private readonly hours: HorairesCache,
    private readonly referentiel: CommunesReferentiel,
    /** Démarche slugs of the catalogue (an unknown one in a query is a 400). */
    readonly demarches: ReadonlySet<string>,
    /** Without a position, the lieux of this département (the platform's own) come first. */
    homeDepartement?: string,
  ) {
    this.rows = rows;
    const n = rows.length;
    this.size = n;
    this.lon = new Float64Array(n);
    this.lat = new Float64Array(n);
    this.hasGeo = new Uint8Array(n);
    this.scheduleOfRow = new Int32Array(n).fill(-1);
    this.marks = new Uint32Array(n);
    this.communeOfRow = new Array(n);
    this.epciOfRow = new Array(n);
    for (const f of SEARCH_FILTER_NAMES) this.facets.set(f, new Map());
    const scheduleIds = new Map<Schedule, number>();
    let geoCount = 0;
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      this.idToRow.set(r.id, i);
      // A withheld position (flagged outside France or the département) is never matched nor shown.
      if (r.latitude !== null && r.longitude !== null && Number.isFinite(r.latitude) && Number.isFinite(r.longitude) && !positionWithheld(r.flags)) {
        this.lon[i] = r.longitude;
        this.lat[i] = r.latitude;
        this.hasGeo[i] = 1;
        geoCount++;
      }
      for (const f of SEARCH_FILTER_NAMES) {
        const byValue = this.facets.get(f)!;
        for (const slug of r[SEARCH_FILTERS[f].column] ?? []) {
          let a = byValue.get(slug);
          if (!a) byValue.set(slug, (a = new Uint8Array(n)));
          a[i] = 1;
        }
      }
      this.communeOfRow[i] = referentiel.communeOf(r.code_insee) ?? r.code_insee ?? undefined;
      this.epciOfRow[i] = referentiel.epciOf(r.code_insee);
      const text = r.horaires?.trim();
      if (text) {
        const s = hours.schedule(text, { codeInsee: r.code_insee, latitude: r.latitude, longitude: r.longitude });
        let id = scheduleIds.get(s);
        if (id === undefined) {
          id = this.schedules.length;
          scheduleIds.set(s, id);
          this.schedules.push(s);
          this.scheduleRow.push(i);
        }
        this.scheduleOfRow[i] = id;
      }
    }
    this.kd = new KDBush(Math.max(1, geoCount));
    this.kdToRow = new Int32Array(geoCount);
    for (let i = 0, k = 0; i < n; i++) {
      if (!this.hasGeo[i]) continue;
      this.kd.add(this.lon[i], this.lat[i]);
      this.kdToRow[k++] = i;
    }
    if (geoCount === 0) this.kd.add(0, 0); // kdbush needs one point; kdToRow is empty so it never matches
    this.kd.finish();
    const keys = rows.map(sortKey);
    const away = rows.map((r) => (homeDepartement && referentiel.departementOf(r.code_insee) !== homeDepartement ? 1 : 0));
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => away[a] - away[b] || (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : rows[a].id < rows[b].id ? -1 : 1),
    );
    this.nameOrder = Int32Array.from(order);
  }

  has(id: string): boolean {
    return this.idToRow.has(id);
  }

  /** Open state of every schedule at the minute of `instant`: 1 open, 0 closed, -1 unknown (cached per minute). */
  private statesAt(instant: number): Int8Array {
    const minute = Math.floor(instant / MINUTE) * MINUTE;
    let s = this.states.get(minute);
    if (s) return s;
    s = new Int8Array(this.schedules.length);
    for (let k = 0; k < this.schedules.length; k++) {
      const r = this.rows[this.scheduleRow[k]];
      const state = this.hours.stateAt(this.schedules[k], r.horaires!.trim(), { codeInsee: r.code_insee, latitude: r.latitude, longitude: r.longitude }, minute);
      s[k] = state === null ? -1 : state ? 1 : 0;
    }
    if (this.states.size >= 32) this.states.delete(this.states.keys().next().value as number);
    this.states.set(minute, s);
    return s;
  }

  search(input: SearchInput): LieuSearchResult {
    const { query: q } = input;
    const n = this.size;
    const states = this.statesAt(input.instant);
    const required: Uint8Array[] = [];
    for (const f of SEARCH_FILTER_NAMES) {
      const values = q[f];
      if (!values?.length) continue;
      if (f === 'demarches') {
        const unknown = values.filter((v) => !this.demarches.has(v));
        if (unknown.length) {
          throw new PinError('SEARCH.UNKNOWN_FILTER', 'Filtre de recherche inconnu ou invalide.', [{ path: 'demarches', message: `Démarche inconnue : ${unknown.join(', ')}.` }]);
        }
      }
      const byValue = this.facets.get(f)!;
      const arrays = values.map((v) => byValue.get(v)).filter((a): a is Uint8Array => a !== undefined);
      if (arrays.length === 1) {
        required.push(arrays[0]);
      } else {
        const any = new Uint8Array(n);
        for (const a of arrays) for (let i = 0; i < n; i++) any[i] |= a[i];
        required.push(any);
      }
    }
    let commune: string | undefined;
    if (q.commune) {
      commune = this.referentiel.communeOf(q.commune);
      if (!commune) throw new PinError('SEARCH.UNKNOWN_FILTER', 'Filtre de recherche inconnu ou invalide.', [{ path: 'commune', message: `Commune inconnue : ${q.commune}.` }]);
    }
    if (q.epci && !this.referentiel.epciNames.has(q.epci)) {
      throw new PinError('SEARCH.UNKNOWN_FILTER', 'Filtre de recherche inconnu ou invalide.', [{ path: 'epci', message: `EPCI inconnu : ${q.epci}.` }]);
    }
    let textMask: Uint8Array | undefined;
    if (input.textIds || input.prefixWords) {
      textMask = new Uint8Array(n);
      for (const id of input.textIds ?? []) {
        const i = this.idToRow.get(id);
        if (i !== undefined) textMask[i] = 1;
      }
      const words = (input.prefixWords ?? []).map((w) => ` ${w}`);
      if (words.length) {
        for (let i = 0; i < n; i++) {
          if (textMask[i]) continue;
          const w = wordsOf(this.rows[i]);
          if (words.every((x) => w.includes(x))) textMask[i] = 1;
        }
      }
    }
    const onlyOpen = q.ouvert !== undefined || q.ouvert_le !== undefined;
    const near = q.lat !== undefined && q.lon !== undefined;
    const needGeo = near || q.bbox !== undefined;
    const [minLon, minLat, maxLon, maxLat] = q.bbox ?? [0, 0, 0, 0];
    const gen = this.nextGeneration();
    const marks = this.marks;
    const sched = this.scheduleOfRow;
    const matched = new Int32Array(n);
    let total = 0;
    rows: for (let i = 0; i < n; i++) {
      for (let f = 0; f < required.length; f++) if (!required[f][i]) continue rows;
      if (onlyOpen && (sched[i] < 0 || states[sched[i]] !== 1)) continue;
      if (textMask && !textMask[i]) continue;
      if (needGeo && !this.hasGeo[i]) continue;
      if (q.bbox && (this.lon[i] < minLon || this.lon[i] > maxLon || this.lat[i] < minLat || this.lat[i] > maxLat)) continue;
      if (commune && this.communeOfRow[i] !== commune) continue;
      if (q.epci && this.epciOfRow[i] !== q.epci) continue;
      marks[i] = gen;
      matched[total++] = i;
    }
    const lastPage = Math.max(1, Math.ceil(total / q.pageSize));
    if (q.page > lastPage) {
      throw new PinError('SEARCH.INVALID_PAGINATION', 'Pagination invalide.', [{ path: 'page', message: `La page ${q.page} dépasse la dernière page (${lastPage}).` }]);
    }
    const skip = (q.page - 1) * q.pageSize;
    const need = Math.min(total, skip + q.pageSize);
    let pageRows: number[];
    let distances: number[] | undefined;
    if (near) {
      const nearest = this.nearest(q.lon!, q.lat!, matched.subarray(0, total), need, gen);
      pageRows = nearest.rows.slice(skip, need);
      distances = nearest.distances.slice(skip, need);
    } else if (input.textIds) {
      // Best full-text rank first, then the prefix-only matches alphabetically.
      pageRows = [];
      let seen = 0;
      const ranked = new Set<number>();
      for (const id of input.textIds) {
        const i = this.idToRow.get(id);
        if (i === undefined || marks[i] !== gen) continue;
        ranked.add(i);
        if (seen++ >= skip && pageRows.length < q.pageSize) pageRows.push(i);
      }
      for (let k = 0; k < n && pageRows.length < q.pageSize; k++) {
        const i = this.nameOrder[k];
        if (marks[i] !== gen || ranked.has(i)) continue;
        if (seen++ >= skip) pageRows.push(i);
      }
    } else {
      pageRows = [];
      let seen = 0;
      for (let k = 0; k < n && pageRows.length < q.pageSize; k++) {
        const i = this.nameOrder[k];
        if (marks[i] !== gen) continue;
        if (seen++ >= skip) pageRows.push(i);
      }
    }
    const items = pageRows.map((i, k) => this.summary(i, states, distances?.[k]));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * The `need` matches nearest to (lon, lat) in true geodesic order. Candidates come in
   * great-circle order (kd-tree, or all matches when few); they are re-ranked on the ellipsoid,
   * and more are fetched until no unseen candidate can still be closer than the last kept one.
   */
  private nearest(lon: number, lat: number, matched: Int32Array, need: number, gen: number): { rows: number[]; distances: number[] } {
    if (need === 0) return { rows: [], distances: [] };
    let sphereOrder: number[];
    let exhausted: boolean;
    let want = Math.min(matched.length, Math.ceil(need * 1.25) + 8);
    let bySphere: Int32Array | undefined;
    for (;;) {
      if (matched.length <= BRUTE_FORCE_MAX) {
        // Few matches: great-circle distance for each (cheap), then the ellipsoid for the first ones only.
        if (!bySphere) {
          const d = new Float64Array(matched.length);
          for (let k = 0; k < matched.length; k++) d[k] = haversineMeters(lon, lat, this.lon[matched[k]], this.lat[matched[k]]);
          const order = Int32Array.from({ length: matched.length }, (_, k) => k).sort((a, b) => d[a] - d[b]);
          bySphere = order.map((k) => matched[k]);
        }
        sphereOrder = Array.from(bySphere.subarray(0, want));
        exhausted = want >= bySphere.length;
      } else {
        const marks = this.marks;
        const kdToRow = this.kdToRow;
        sphereOrder = around(this.kd, lon, lat, want, Infinity, (k: number) => k < kdToRow.length && marks[kdToRow[k]] === gen).map((k: number) => kdToRow[k]);
        exhausted = sphereOrder.length < want;
      }
      const ranked = sphereOrder.map((i) => ({ i, d: geodesicMeters(lon, lat, this.lon[i], this.lat[i]) }));
      ranked.sort((a, b) => a.d - b.d || (this.rows[a.i].id < this.rows[b.i].id ? -1 : 1));
      const kept = ranked.slice(0, need);
      const last = sphereOrder[sphereOrder.length - 1];
      const frontier = haversineMeters(lon, lat, this.lon[last], this.lat[last]) * (1 - SPHERE_ERROR);
      if (exhausted || kept.length < need || frontier > kept[kept.length - 1].d) {
        return { rows: kept.map((x) => x.i), distances: kept.map((x) => x.d) };
      }
      // Not provably complete yet: keep only what the sphere order shows, fetch twice as many.
      want = Math.min(matched.length, want * 2);
      if (want >= matched.length && matched.length > BRUTE_FORCE_MAX) want = matched.length;
    }
  }

  private summary(i: number, states: Int8Array, distance?: number): LieuSummary {
    const r = this.rows[i];
    const s = this.scheduleOfRow[i];
    const state = s < 0 ? -1 : states[s];
    const withheld = positionWithheld(r.flags);
    return {
      id: r.id, nom: r.nom, adresse: r.adresse, complement_adresse: r.complement_adresse, commune: r.commune, code_postal: r.code_postal,
      code_insee: r.code_insee, latitude: withheld ? null : r.latitude, longitude: withheld ? null : r.longitude, typologie: r.typologie, services: r.services,
      demarches: r.demarches, flags: r.flags, ouvert: state === -1 ? null : state === 1,
      ...(distance === undefined ? {} : { distance_m: Math.round(distance) }),
    };
  }

  private nextGeneration(): number {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.marks.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }
}
