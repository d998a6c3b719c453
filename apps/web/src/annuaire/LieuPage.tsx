import { useEffect, useState } from 'preact/hooks';
import { api, type ApiFailure } from '../app/api';
import { Badge } from '../ui/Badge';
import { Loading, Page, Section } from '../ui/Page';
import { dateLabel, flagNotices, labelsOf, nextOpeningLabel, openLabel, phoneLabel, routeUrl } from './format';
import { loadCatalogues, type Catalogues } from './referentiels';
import { SignalementForm } from './SignalementForm';
import { OrienterVersCeLieu } from '../operateurs/OrienterVersCeLieu';
import './annuaire.css';

/** The public detail of a lieu (GET /api/v1/lieux/:id); only the fields the page reads. */
export interface LieuDetail {
  id: string;
  nom: string;
  statut?: string;
  adresse: string;
  complement_adresse?: string | null;
  code_postal: string;
  commune: string;
  latitude: number | null;
  longitude: number | null;
  telephone?: string | null;
  courriels?: string[];
  site_web?: string[];
  horaires?: string | null;
  presentation_resume?: string | null;
  presentation_detail?: string | null;
  services?: unknown[];
  demarches?: unknown[];
  publics_specifiquement_adresses?: unknown[];
  prise_en_charge_specifique?: unknown[];
  frais_a_charge?: unknown[];
  modalites_acces?: unknown[];
  modalites_accompagnement?: unknown[];
  itinerance?: unknown[];
  dispositif_programmes_nationaux?: unknown[];
  formations_labels?: unknown[];
  fiche_acces_libre?: string | null;
  prise_rdv?: string | null;
  date_maj?: string;
  flags?: string[];
  ouvert?: boolean | null;
  prochaine_ouverture?: string | null;
  [key: string]: unknown;
}

export const LIEU_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lines of the plain-French opening hours, whatever the exact field the API uses. */
export function horairesLines(lieu: LieuDetail): { lines: string[]; valid: boolean } {
  for (const key of ['horaires_description', 'horaires_texte', 'horaires_detail', 'horaires_lisibles']) {
    const v = lieu[key];
    if (typeof v === 'string' && v.trim()) return { lines: v.split('\n').filter(Boolean), valid: true };
    if (Array.isArray(v)) return { lines: v.filter((x): x is string => typeof x === 'string'), valid: true };
    if (v && typeof v === 'object') {
      const o = v as { lines?: unknown; lignes?: unknown; valid?: unknown; texte?: unknown };
      const lines = Array.isArray(o.lines) ? o.lines : Array.isArray(o.lignes) ? o.lignes : typeof o.texte === 'string' ? o.texte.split('\n') : [];
      return { lines: lines.filter((x): x is string => typeof x === 'string'), valid: o.valid !== false };
    }
  }
  return lieu.horaires ? { lines: [lieu.horaires], valid: false } : { lines: [], valid: false };
}

function openNow(lieu: LieuDetail): boolean | null {
  for (const key of ['ouvert', 'ouvert_maintenant']) {
    const v = lieu[key];
    if (typeof v === 'boolean') return v;
    if (v && typeof v === 'object' && typeof (v as { ouvert?: unknown }).ouvert === 'boolean') return (v as { ouvert: boolean }).ouvert;
  }
  return null;
}

function Definition({ term, values }: { term: string; values: string[] }) {
  if (!values.length) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>
        {values.length === 1 ? (
          values[0]
        ) : (
          <ul>
            {values.map((v) => (
              <li key={v}>{v}</li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}

type Loaded = { state: 'loading' } | { state: 'error'; failure: ApiFailure } | { state: 'done'; lieu: LieuDetail; catalogues: Catalogues };

/** The public page of a lieu: state, address and contacts, hours, offer, access, « Signaler une erreur ». */
export function LieuPage({ params }: { params?: Record<string, string> }) {
  const id = params?.id ?? '';
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    if (!LIEU_ID.test(id)) {
      setLoaded({ state: 'error', failure: { ok: false, status: 404, code: 'HTTP.404', message: '' } });
      return;
    }
    let current = true;
    setLoaded({ state: 'loading' });
    void Promise.all([api.get<LieuDetail>(`/api/v1/lieux/${encodeURIComponent(id)}`), loadCatalogues()]).then(([r, catalogues]) => {
      if (current) setLoaded(r.ok ? { state: 'done', lieu: r.data, catalogues } : { state: 'error', failure: r });
    });
    return () => {
      current = false;
    };
  }, [id]);

  const back = (
    <p class="fil">
      <a href="/">Retour à la recherche</a>
    </p>
  );
  if (loaded.state === 'loading') {
    return (
      <>
        {back}
        <Page title="Lieu">
          <Loading text="Chargement du lieu…" />
        </Page>
      </>
    );
  }
  if (loaded.state === 'error') {
    const missing = loaded.failure.status === 404;
    return (
      <>
        {back}
        <Page title={missing ? 'Lieu introuvable' : 'Lieu'}>
          <p class={missing ? 'statut' : 'statut statut--erreur'} role="status">
            {missing ? 'Ce lieu n’existe pas ou a été retiré de l’annuaire.' : `Impossible d’afficher ce lieu. ${loaded.failure.message}`}
          </p>
        </Page>
      </>
    );
  }
  return (
    <>
      {back}
      <Page title={loaded.lieu.nom}>
        <LieuBody lieu={loaded.lieu} c={loaded.catalogues} />
      </Page>
    </>
  );
}

function LieuBody({ lieu, c }: { lieu: LieuDetail; c: Catalogues }) {
  const v = c.vocab;
  const flags = lieu.flags ?? [];
  const open = openLabel(openNow(lieu));
  if (open.kind === 'ferme' && typeof lieu.prochaine_ouverture === 'string') open.text = `Fermé · ${nextOpeningLabel(lieu.prochaine_ouverture)}`;
  const closed = lieu.statut === 'ferme';
  const notices = flagNotices(flags);
  const address = [lieu.adresse, lieu.complement_adresse, `${lieu.code_postal} ${lieu.commune}`].filter((x): x is string => !!x);
  const hasPosition = typeof lieu.latitude === 'number' && typeof lieu.longitude === 'number';
  const horaires = horairesLines(lieu);
  const services = labelsOf(lieu.services, v.services);
  const demarches = labelsOf(lieu.demarches, c.demarcheLabels);
  const access = (
    [
      ['Comment y accéder', labelsOf(lieu.modalites_acces, v.modalites_acces)],
      ['Accompagnement', labelsOf(lieu.modalites_accompagnement, v.modalites_accompagnement)],
      ['Frais', labelsOf(lieu.frais_a_charge, v.frais_a_charge)],
      ['Publics accueillis en particulier', labelsOf(lieu.publics_specifiquement_adresses, v.publics_specifiquement_adresses)],
      ['Prise en charge spécifique', labelsOf(lieu.prise_en_charge_specifique, v.prise_en_charge_specifique)],
      ['Dispositifs', labelsOf(lieu.dispositif_programmes_nationaux, v.dispositif_programmes_nationaux)],
      ['Formations et labels', labelsOf(lieu.formations_labels, v.formations_labels)],
      ['Itinérance', labelsOf(lieu.itinerance, v.itinerance)],
    ] as const
  ).filter(([, values]) => values.length);
  return (
    <div class="lieu-page">
      <p class="lieu__etat">
        {closed ? <Badge kind="ferme">Lieu fermé définitivement</Badge> : <Badge kind={open.kind}>{open.text}</Badge>}
        {flags.includes('a-verifier') ? <Badge kind="alerte">À vérifier</Badge> : null}
      </p>
      {closed ? (
        <div class="avertissement" role="note">
          <p>
            Ce lieu a fermé définitivement{typeof lieu.closed_at === 'string' && dateLabel(lieu.closed_at) ? ` le ${dateLabel(lieu.closed_at)}` : ''} : il ne
            figure plus sur la carte ni dans la recherche. Les informations ci-dessous sont celles qu’il avait à sa fermeture.
          </p>
          {typeof lieu.closed_motif === 'string' && lieu.closed_motif ? <p>Motif : {lieu.closed_motif}</p> : null}
        </div>
      ) : null}
      <OrienterVersCeLieu lieuId={lieu.id} closed={closed} />
      {notices.length ? (
        <div class="avertissement" role="note">
          <h2>À savoir</h2>
          {notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      ) : null}
      {lieu.presentation_resume ? <p class="chapo">{lieu.presentation_resume}</p> : null}

      <Section id="adresse" title="Adresse et contacts">
        <address>
          {address.map((line, i) => (
            <span key={i}>
              {i ? <br /> : null}
              {line}
            </span>
          ))}
        </address>
        {hasPosition ? (
          <p>
            <a href={routeUrl(lieu.latitude!, lieu.longitude!)} rel="noopener" target="_blank">
              Itinéraire vers ce lieu<span class="visuellement-cache"> (OpenStreetMap, nouvelle fenêtre)</span>
            </a>
          </p>
        ) : null}
        {lieu.telephone || lieu.courriels?.length || lieu.site_web?.length || lieu.prise_rdv ? (
        <dl class="details">
          {lieu.telephone ? (
            <>
              <dt>Téléphone</dt>
              <dd>
                <a href={`tel:${lieu.telephone}`}>{phoneLabel(lieu.telephone)}</a>
              </dd>
            </>
          ) : null}
          {lieu.courriels?.length ? (
            <>
              <dt>Courriel</dt>
              {lieu.courriels.map((m) => (
                <dd key={m}>
                  <a href={`mailto:${m}`}>{m}</a>
                </dd>
              ))}
            </>
          ) : null}
          {lieu.site_web?.length ? (
            <>
              <dt>Site web</dt>
              {lieu.site_web.map((u) => (
                <dd key={u}>
                  <a href={u} rel="noopener">
                    {u}
                  </a>
                </dd>
              ))}
            </>
          ) : null}
          {lieu.prise_rdv ? (
            <>
              <dt>Rendez-vous</dt>
              <dd>
                <a href={lieu.prise_rdv} rel="noopener">
                  Prendre rendez-vous en ligne
                </a>
              </dd>
            </>
          ) : null}
        </dl>
        ) : null}
      </Section>

      <Section id="horaires" title="Horaires d’ouverture">
        {horaires.lines.length === 0 ? (
          <p>Les horaires ne sont pas renseignés : contactez le lieu avant de vous déplacer.</p>
        ) : horaires.valid ? (
          <ul class="horaires">
            {horaires.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        ) : (
          <p>
            Horaires tels que saisis : <span class="brut">{horaires.lines.join(' ')}</span>
          </p>
        )}
      </Section>

      <Section id="services" title="Ce que propose le lieu">
        <h3>Services</h3>
        {services.length ? (
          <ul>
            {services.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        ) : (
          <p>Non renseigné.</p>
        )}
        <h3>Démarches en ligne pour lesquelles on peut vous aider</h3>
        {demarches.length ? (
          <ul>
            {demarches.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        ) : (
          <p>Non renseigné.</p>
        )}
        {lieu.presentation_detail ? <p>{lieu.presentation_detail}</p> : null}
      </Section>

      <Section id="acces" title="Accès et accueil">
        {access.length ? (
          <dl class="details">
            {access.map(([term, values]) => (
              <Definition key={term} term={term} values={values} />
            ))}
          </dl>
        ) : (
          <p>Non renseigné : contactez le lieu pour savoir comment y être accueilli.</p>
        )}
        {lieu.fiche_acces_libre ? (
          <p>
            <a href={lieu.fiche_acces_libre} rel="noopener">
              Accessibilité du lieu (fiche Accès libre)
            </a>
          </p>
        ) : null}
      </Section>
      {lieu.date_maj ? <p class="aide">Informations mises à jour le {dateLabel(lieu.date_maj)}.</p> : null}
      <SignalementForm lieuId={lieu.id} />
    </div>
  );
}
