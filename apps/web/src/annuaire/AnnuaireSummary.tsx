import { useEffect, useState } from 'preact/hooks';
import { allows, POLICIES } from '@pin/contracts/policies';
import { api } from '../app/api';
import { useUser } from '../app/session';
import { DataTable } from '../ui/DataTable';
import { LiveStatus } from '../ui/Notice';
import { Section } from '../ui/Page';
import { dateLabel, formatInteger } from './format';
import { ANY_FLAG, mesLieuxHref } from './MesLieuxPage';
import type { DashboardImport, DirectoryDashboard } from './types';
import './annuaire.css';

const plural = (n: number, one: string, many: string) => `${formatInteger(n)} ${n === 1 ? one : many}`;
const IMPORT_STATUS: Record<string, string> = { 'en-attente': 'En attente', 'en-cours': 'En cours', termine: 'Terminé', echoue: 'Échoué' };

/**
 * What waits in the directory (GET /api/v1/annuaire/tableau-de-bord), for the home page of an
 * animateur (the whole network) or a référent (their structures): open reports, duplicates,
 * flagged lieux by flag and the last imports, each with a link to the page where it is handled.
 * Renders nothing for people who do not manage lieux. A section with its own `<h2>`.
 */
export function AnnuaireSummary() {
  const user = useUser();
  const allowed = !!user && allows(user, POLICIES.dashboard.read);
  const [data, setData] = useState<DirectoryDashboard | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!allowed) return;
    let current = true;
    void api.get<DirectoryDashboard>('/api/v1/annuaire/tableau-de-bord').then((r) => {
      if (!current) return;
      if (r.ok) setData(r.data);
      else setError(`Le tableau de bord de l’annuaire n’est pas disponible. ${r.message}`);
    });
    return () => {
      current = false;
    };
  }, [allowed]);
  if (!allowed) return null;
  const network = data?.perimetre === 'reseau';
  return (
    <Section id="annuaire-resume" title={network ? 'Annuaire : ce qui attend le réseau' : 'Annuaire : vos lieux'}>
      {!data ? (
        <LiveStatus error={!!error}>{error || 'Chargement du tableau de bord de l’annuaire…'}</LiveStatus>
      ) : (
        <>
          <ul class="chiffres">
            <li>
              <strong>{formatInteger(data.signalements_ouverts)}</strong>
              <a href="/app/signalements">{data.signalements_ouverts === 1 ? 'signalement à traiter' : 'signalements à traiter'}</a>
            </li>
            {data.doublons_a_examiner !== null ? (
              <li>
                <strong>{formatInteger(data.doublons_a_examiner)}</strong>
                <a href="/app/imports#titre-doublons">{data.doublons_a_examiner === 1 ? 'doublon possible à examiner' : 'doublons possibles à examiner'}</a>
              </li>
            ) : null}
            <li>
              <strong>{formatInteger(data.lieux_signales)}</strong>
              <a href={mesLieuxHref({ flag: ANY_FLAG })}>{data.lieux_signales === 1 ? 'lieu signalé à corriger' : 'lieux signalés à corriger'}</a>
            </li>
            <li>
              <strong>{formatInteger(data.lieux_actifs)}</strong>
              <a href="/app/mes-lieux">{`${data.lieux_actifs === 1 ? 'lieu actif' : 'lieux actifs'}${network ? '' : ` dans ${plural(data.structures, 'structure', 'structures')}`}`}</a>
            </li>
          </ul>
          {data.lieux_signales_par_flag.length ? (
            <>
              <h3>Lieux signalés, par motif</h3>
              <ul>
                {data.lieux_signales_par_flag.map((f) => (
                  <li key={f.flag}>
                    <a href={mesLieuxHref({ flag: f.flag })}>
                      {f.libelle} : {plural(f.total, 'lieu', 'lieux')}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.derniers_imports.length ? (
            <DataTable<DashboardImport>
              caption="Derniers imports"
              columns={[
                { label: 'Source', rowHeader: true, render: (i) => (i.filename ? `${i.source} (${i.filename})` : i.source) },
                { label: 'Date', render: (i) => dateLabel(i.created_at) },
                { label: 'État', render: (i) => IMPORT_STATUS[i.statut] ?? i.statut },
                { label: 'Importés', render: (i) => formatInteger(i.importes) },
                { label: 'Rejetés', render: (i) => formatInteger(i.rejetes_total) },
                {
                  label: 'Signalés',
                  render: (i) => (i.signales_total ? <a href={mesLieuxHref({ flag: ANY_FLAG, source: i.source })}>{formatInteger(i.signales_total)}<span class="visuellement-cache"> lieux signalés de la source {i.source}</span></a> : '0'),
                },
              ]}
              rows={data.derniers_imports}
              rowKey={(i) => i.id}
            />
          ) : null}
        </>
      )}
    </Section>
  );
}
