import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { communeSearchQuerySchema, parseLieuSearchQuery, parsePayload, PinError, type CommuneSummary, type LieuSearchReply } from '@pin/contracts';
import { OpeningHoursService } from '../opening-hours/opening-hours.service';
import { parisWallClockToInstant } from '../opening-hours/timezone';
import { SERVED_POSITION_SQL } from '../lieux/geo';
import { SERVED_HORAIRES_SQL } from '../lieux/withheld';
import { CommunesReferentiel } from './communes';
import { foldWords, LieuIndex, type LieuRow } from './lieu-index';

export const SEARCH_CHANNEL = 'pin_directory_search';
/** More changed rows than this in one batch: reload everything instead. */
const FULL_RELOAD_THRESHOLD = 2_000;
const DEBOUNCE_MS = 50;
const POLL_MS = 5_000;

/** A position flagged outside France or the département is not loaded: never served, matched by bbox or nearest; nor are unreadable horaires. */
const ROW_COLUMNS = `id::text AS id, nom, adresse, complement_adresse, commune, code_postal, code_insee,
  ${SERVED_POSITION_SQL}, typologie, ${SERVED_HORAIRES_SQL}, services, demarches,
  publics_specifiquement_adresses, prise_en_charge_specifique, frais_a_charge, dispositif_programmes_nationaux,
  formations_labels, modalites_acces, modalites_accompagnement, flags,
  ARRAY(SELECT DISTINCT s FROM lieu_label ll, unnest(ARRAY[ll.programme_id, ll.programme_id || '-' || ll.niveau]) s
         WHERE ll.lieu_id = lieu.id AND s IS NOT NULL AND (ll.valide_jusqu_au IS NULL OR ll.valide_jusqu_au >= (now() AT TIME ZONE 'Europe/Paris')::date)) AS labels_reseau`;

/**
 * Public search of lieux from an in-process snapshot of the active lieux (see LieuIndex), loaded
 * at boot and kept fresh by LISTEN/NOTIFY (changed rows only, debounced) with a cheap
 * count/max(updated_at) poll as a safety net. Full-text `q` goes to PostgreSQL (fr_unaccent
 * tsvector + prefix matching); its ids are intersected with the snapshot.
 */
/** The département of this platform (its lieux come first in a list without a position). */
export const HOME_DEPARTEMENT = Symbol('HOME_DEPARTEMENT');

@Injectable()
export class SearchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Search');
  readonly communes = new CommunesReferentiel();
  private index?: LieuIndex;
  private rows = new Map<string, LieuRow>();
  private demarches = new Set<string>();
  private ready!: Promise<void>;
  private markReady!: () => void;
  private listener?: Client;
  private pending = new Set<string>();
  private fullReloadPending = false;
  private flushTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private pollTimer?: NodeJS.Timeout;
  private lastSeen = '';
  private builtHorizon = 0;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly hours: OpeningHoursService,
    @Inject(HOME_DEPARTEMENT) private readonly homeDepartement: string,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    await this.loadAll().catch((err: Error) => this.log.error(`search snapshot not loaded yet (${err.message}); retrying`));
    this.pollTimer = setInterval(() => void this.poll(), POLL_MS);
    this.pollTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.flushTimer);
    await this.listener?.end().catch(() => undefined);
  }

  /** GET /api/v1/lieux. */
  async search(input: unknown): Promise<LieuSearchReply> {
    const started = performance.now();
    const query = parseLieuSearchQuery(input);
    if (!this.index) await this.waitReady();
    const instant = query.ouvert_le ? parisInstant(query.ouvert_le) : Date.now();
    const textIds = query.q ? await this.textSearch(query.q) : undefined;
    const prefixWords = query.q ? foldWords(query.q) : undefined;
    const result = this.index!.search({ query, instant, textIds, prefixWords });
    return { ...result, timing: { search_ms: Math.round((performance.now() - started) * 1000) / 1000 } };
  }

  private async waitReady(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PinError('SERVICE.UNAVAILABLE', 'La recherche démarre : réessayez dans un instant.')), 5_000);
    });
    try {
      await Promise.race([this.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** GET /api/v1/communes?q=. */
  searchCommunes(input: unknown): CommuneSummary[] {
    const q = parsePayload(communeSearchQuerySchema, input);
    return this.communes.search(q.q, q.limit);
  }

  /**
   * Ids of active lieux whose name or commune matches `q` (French stemming, accents ignored; each
   * word also as a prefix of a stem: "mediath" → 'mediath':*), best rank first. Prefixes longer
   * than a stem ("numeriq" vs 'numer') are matched by the snapshot (LieuIndex, prefixWords).
   */
  private async textSearch(q: string): Promise<string[]> {
    const prefix = foldWords(q).map((w) => `${w}:*`).join(' & ');
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id::text AS id FROM lieu
        WHERE statut = 'actif'
          AND (search @@ websearch_to_tsquery('fr_unaccent', $1) OR ($2 <> '' AND search @@ to_tsquery('fr_unaccent', $2)))
        ORDER BY ts_rank(search, websearch_to_tsquery('fr_unaccent', $1)) DESC, nom, id`,
      [q, prefix],
    );
    return rows.map((r) => r.id);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const url = (this.ds.options as { url?: string }).url;
    const client = new Client({ connectionString: url, application_name: 'directory-search-listen' });
    client.on('notification', (msg) => {
      if (msg.payload === 'demarche' || !msg.payload) this.fullReloadPending = true;
      else this.pending.add(msg.payload);
      this.scheduleFlush();
    });
    client.on('error', (err) => {
      this.log.warn(`search LISTEN connection lost (${err.message}); reconnecting`);
      this.listener = undefined;
      setTimeout(() => void this.listen(), 1_000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SEARCH_CHANNEL}`);
      this.listener = client;
      // Changes made while not listening are caught by a full reload.
      if (this.index) {
        this.fullReloadPending = true;
        this.scheduleFlush();
      }
    } catch (err) {
      this.log.warn(`search LISTEN unavailable (${(err as Error).message}); retrying`);
      await client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), 1_000).unref();
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, DEBOUNCE_MS);
  }

  /** Applies the pending changes (one at a time; changes arriving meanwhile wait for the next round). */
  private async flush(): Promise<void> {
    if (this.flushing) {
      await this.flushing;
      if (this.pending.size || this.fullReloadPending) this.scheduleFlush();
      return;
    }
    this.flushing = (async () => {
      const ids = [...this.pending];
      const full = this.fullReloadPending || ids.length > FULL_RELOAD_THRESHOLD || !this.index;
      this.pending.clear();
      this.fullReloadPending = false;
      try {
        if (full) await this.loadAll();
        else if (ids.length) await this.loadSome(ids);
      } catch (err) {
        this.log.error(`search snapshot refresh failed (${(err as Error).message}); will retry`);
        this.fullReloadPending = true;
      }
    })();
    await this.flushing;
    this.flushing = undefined;
  }

  private async poll(): Promise<void> {
    try {
      this.hours.cache.roll();
      const [row] = await this.ds.query(`SELECT count(*)::int AS n, max(updated_at)::text AS m FROM lieu`);
      const seen = `${row.n}|${row.m}`;
      const stale = this.hours.cache.horizon.from !== this.builtHorizon;
      if (seen !== this.lastSeen || stale || !this.index) {
        if (this.index && !stale) this.log.log('search snapshot: change seen by polling');
        this.fullReloadPending = true;
        this.scheduleFlush();
      }
    } catch {
      // Table not there yet (migrations of another release) or database down: try again later.
    }
  }

  private async loadAll(): Promise<void> {
    const started = performance.now();
    const [state] = await this.ds.query(`SELECT count(*)::int AS n, max(updated_at)::text AS m FROM lieu`);
    const rows: LieuRow[] = await this.ds.query(`SELECT ${ROW_COLUMNS} FROM lieu WHERE statut = 'actif'`);
    const demarches: Array<{ slug: string }> = await this.ds.query(`SELECT slug FROM demarche`);
    this.rows = new Map(rows.map((r) => [r.id, r]));
    this.demarches = new Set(demarches.map((d) => d.slug));
    this.lastSeen = `${state.n}|${state.m}`;
    this.rebuild();
    this.log.log(`search snapshot: ${rows.length} lieux loaded in ${Math.round(performance.now() - started)} ms`);
  }

  private async loadSome(ids: string[]): Promise<void> {
    const [state] = await this.ds.query(`SELECT count(*)::int AS n, max(updated_at)::text AS m FROM lieu`);
    const rows: LieuRow[] = await this.ds.query(`SELECT ${ROW_COLUMNS} FROM lieu WHERE statut = 'actif' AND id = ANY($1::uuid[])`, [ids]);
    for (const id of ids) this.rows.delete(id);
    for (const r of rows) this.rows.set(r.id, r);
    this.lastSeen = `${state.n}|${state.m}`;
    this.rebuild();
  }

  private rebuild(): void {
    this.builtHorizon = this.hours.cache.horizon.from;
    this.index = new LieuIndex([...this.rows.values()], this.hours.cache, this.communes, this.demarches, this.homeDepartement);
    this.markReady();
  }
}

function parisInstant(local: string): number {
  const [y, m, d, h, mi] = local.split(/[-T:]/).map(Number);
  return parisWallClockToInstant(y, m, d, h, mi);
}
