import { useEffect, useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { Page as PageOf, SafeSharedDocument } from '@pin/contracts';
import { api } from '../app/api';
import { Guard } from '../ui/Guard';
import { DataTable } from '../ui/DataTable';
import { LiveStatus } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { frDate } from '../ui/dates';
import { frCalendarDate } from '../mandats/demarches';
import { fetchUsager, selectedStructure } from '../mandats/mandats.api';
import { usagerName } from '../mandats/parts';
import { StructureSelector } from '../mandats/UsagersPage';
import { SAFE_CATEGORIES as CATEGORIES } from '@pin/contracts/labels';
import { Pager } from '../ui/Pager';

const TITLE = 'Documents partagés avec moi';
const PAGE_SIZE = 50;

type Loaded = { items: SafeSharedDocument[]; total: number } | { error: string } | null;

/**
 * Aidant: across the usagers they accompany, the documents shared with them or their structure,
 * under a mandate covering the démarche; grouped by usager, each group linking to the usager's
 * page, where the documents are named and opened (every opening journaled there).
 */
export function PartagesRecusPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.coffre.act}>
      {(user) => <PartagesRecus structures={user.structures} />}
    </Guard>
  );
}

function PartagesRecus({ structures }: { structures: readonly string[] }) {
  const [structureId, setStructureId] = useState(() => selectedStructure(structures));
  const [page, setPage] = useState(1);
  const [state, setState] = useState<Loaded>(null);
  const names = useUsagerNames(state && 'items' in state ? state.items : []);
  useEffect(() => {
    let current = true;
    setState(null);
    void api.get<PageOf<SafeSharedDocument>>('/api/v1/coffre/partages-recus', { query: { page, pageSize: PAGE_SIZE }, structureId }).then((res) => {
      if (current) setState(res.ok ? { items: res.data.items, total: res.data.total } : { error: `Les documents partagés n’ont pas pu être chargés. ${res.message}` });
    });
    return () => {
      current = false;
    };
  }, [page, structureId]);
  const pages = state && 'total' in state ? Math.max(1, Math.ceil(state.total / PAGE_SIZE)) : 1;
  return (
    <Page
      title={TITLE}
      lead="Les documents que les personnes accompagnées ont partagés avec vous ou votre structure, tant que le partage et un mandat couvrant la démarche sont en cours. Ouvrez la fiche de la personne pour les consulter : chaque ouverture est inscrite dans son journal."
    >
      <StructureSelector
        structures={structures}
        onChange={(id) => {
          setStructureId(id);
          setPage(1);
        }}
      />
      {!state ? <LiveStatus>Chargement des documents partagés…</LiveStatus> : null}
      {state && 'error' in state ? <LiveStatus error>{state.error}</LiveStatus> : null}
      {state && 'items' in state ? (
        <>
          <LiveStatus>{summary(state.total, page, pages)}</LiveStatus>
          {state.total === 0 ? (
            <p>Aucune personne accompagnée n’a partagé de document avec vous ou votre structure pour l’instant. Une personne partage ses documents depuis son espace « Mon coffre-fort ».</p>
          ) : null}
          {groupByUsager(state.items).map(([usagerId, docs]) => (
            <UsagerGroup key={usagerId} usagerId={usagerId} name={names[usagerId]} documents={docs} />
          ))}
          <Pager label="Pages des documents partagés" page={page} pages={pages} onPage={setPage} />
        </>
      ) : null}
    </Page>
  );
}

function summary(total: number, page: number, pages: number): string {
  if (total === 0) return 'Aucun document partagé avec vous.';
  if (total === 1) return 'Un document partagé avec vous.';
  return pages > 1 ? `${total} documents partagés avec vous — page ${page} sur ${pages}.` : `${total} documents partagés avec vous.`;
}

/** The page's documents by usager, in the order they came (the safe sorts by usager). */
function groupByUsager(items: SafeSharedDocument[]): [string, SafeSharedDocument[]][] {
  const groups = new Map<string, SafeSharedDocument[]>();
  for (const d of items) groups.set(d.usagerId, [...(groups.get(d.usagerId) ?? []), d]);
  return [...groups];
}

/** The usagers' names, from the mandates' usager route (the safe holds no names). */
function useUsagerNames(items: SafeSharedDocument[]): Record<string, string | null> {
  const [names, setNames] = useState<Record<string, string | null>>({});
  const ids = [...new Set(items.map((d) => d.usagerId))].filter((id) => !(id in names));
  const key = ids.join(',');
  useEffect(() => {
    if (ids.length === 0) return;
    let current = true;
    void Promise.all(ids.map(async (id) => [id, await fetchUsager(id)] as const)).then((found) => {
      if (!current) return;
      setNames((old) => ({ ...old, ...Object.fromEntries(found.map(([id, r]) => [id, r.ok ? usagerName(r.data) : null])) }));
    });
    return () => {
      current = false;
    };
  }, [key]);
  return names;
}

function UsagerGroup({ usagerId, name, documents }: { usagerId: string; name: string | null | undefined; documents: SafeSharedDocument[] }) {
  const who = name ?? (name === null ? 'Personne accompagnée' : 'Chargement du nom…');
  return (
    <Section id={`usager-${usagerId}`} title={who}>
      <p>
        <a href={`/app/usagers/${usagerId}`}>{name ? `Ouvrir la fiche de ${name} pour consulter ses documents` : 'Ouvrir la fiche de la personne pour consulter ses documents'}</a>
      </p>
      <DataTable
        caption={documents.length === 1 ? 'Un document partagé' : `${documents.length} documents partagés`}
        rows={documents}
        rowKey={(d) => d.id}
        columns={[
          { label: 'Catégorie', rowHeader: true, render: (d) => CATEGORIES[d.categorie] },
          { label: 'Déposé le', render: (d) => frDate(d.deposeLe) },
          { label: 'Expire le', render: (d) => (d.expireLe ? frCalendarDate(d.expireLe) : 'Non renseigné') },
          { label: 'Partagé jusqu’au', render: (d) => frDate(d.partageJusquAu) },
          { label: 'Partagé avec', render: (d) => (d.nominatif ? 'Vous' : 'Votre structure') },
        ]}
      />
    </Section>
  );
}
