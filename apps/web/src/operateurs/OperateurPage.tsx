import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { AnnouncementView, DeliveryView, OperatorNoticeView, OrientationView, RotatedWebhookView, SubscriptionView, WebhookView } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable } from '../ui/DataTable';
import { ErrorSummary, SelectField, TextField, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { demarcheLabel, frDateTime } from '../mandats/demarches';
import { LoadError } from '../mandats/parts';
import { DELIVERY_STATUS, disabledReason, eventTypeLabel, operatorLabel, ORIENTATION_STATUS, territoryText } from './labels';
import { fetchDeliveries, fetchDelivery, fetchNotices, fetchOperatorAnnouncements, fetchOperatorOrientations, fetchSubscriptions, fetchWebhooks, replayDelivery, replaySince, rotateSecret, setWebhookActive } from './operateurs.api';
import './operateurs.css';
import { Pager } from '../ui/Pager';

type Done = { n: number; kind: 'succes' | 'erreur'; text: string; secret?: RotatedWebhookView };

/** `/app/operateurs/:operateur`: one operator's endpoints, subscriptions, delivery log, replays and secret rotation. */
export function OperateurPage({ params }: { params?: Record<string, string> }) {
  const operateur = params?.operateur ?? '';
  const title = `Opérateur ${operatorLabel(operateur)}`;
  return (
    <Guard title={title} policy={POLICIES.operator.supervise}>
      {() => <Operateur operateur={operateur} title={title} />}
    </Guard>
  );
}

function Operateur({ operateur, title }: { operateur: string; title: string }) {
  const hooks = useApi(() => fetchWebhooks(operateur), [operateur]);
  const subs = useApi(() => fetchSubscriptions(operateur), [operateur]);
  const [selected, setSelected] = useState<string | null>(null);
  const items = hooks.state.status === 'ok' ? hooks.state.data.items : [];
  const current = items.find((h) => h.id === selected) ?? null;
  return (
    <Page title={title} lead="Points de réception, abonnements, journal des livraisons, annonces et orientations de cet opérateur. Un point de réception désactivé ne reçoit plus rien : réactivez-le une fois le problème réglé avec l’opérateur, les livraisons en attente partent alors dans l’ordre.">
      <p>
        <a href="/app/operateurs">Tous les opérateurs</a>
      </p>
      <Section id="webhooks" title="Points de réception (webhooks)">
        {hooks.state.status === 'loading' ? <LiveStatus>Chargement des points de réception…</LiveStatus> : null}
        {hooks.state.status === 'error' ? <LoadError text="Impossible d’afficher les points de réception." failure={hooks.state.failure} retry={() => void hooks.reload()} /> : null}
        {hooks.state.status === 'ok' ? <Webhooks operateur={operateur} items={items} onShow={setSelected} onChange={() => void hooks.reload()} /> : null}
      </Section>
      <Section id="abonnements" title="Abonnements">
        {subs.state.status === 'loading' ? <LiveStatus>Chargement des abonnements…</LiveStatus> : null}
        {subs.state.status === 'error' ? <LoadError text="Impossible d’afficher les abonnements." failure={subs.state.failure} retry={() => void subs.reload()} /> : null}
        {subs.state.status === 'ok' ? <Subscriptions items={subs.state.data.items} hooks={items} /> : null}
      </Section>
      {current ? <Deliveries key={current.id} operateur={operateur} hook={current} /> : null}
      <Notices operateur={operateur} hooks={items} version={hooks.state.status === 'ok' ? hooks.state.data : null} />
      <Announcements operateur={operateur} />
      <OperatorOrientations operateur={operateur} />
    </Page>
  );
}

/** The operator's announcements to the aidants and how many read them (read-only). */
function Announcements({ operateur }: { operateur: string }) {
  const { state, reload } = useApi(() => fetchOperatorAnnouncements(operateur), [operateur]);
  return (
    <Section id="annonces" title="Annonces aux aidants">
      {state.status === 'loading' ? <LiveStatus>Chargement des annonces…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les annonces." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? (
        <DataTable<AnnouncementView>
          caption="Annonces de l’opérateur, les plus récentes d’abord"
          rows={state.data.items}
          rowKey={(a) => a.id}
          empty="Cet opérateur n’a publié aucune annonce."
          columns={[
            { label: 'Titre', rowHeader: true, render: (a) => a.titre },
            { label: 'Publiée le', render: (a) => frDateTime(a.publiee_le) },
            { label: 'Démarches', render: (a) => (a.demarches.length ? a.demarches.map(demarcheLabel).join(', ') : 'toutes') },
            { label: 'Territoire', render: (a) => territoryText(a.territoire) },
            { label: 'Lectures', render: (a) => `${a.lectures ?? 0} aidant(s), ${a.structures ?? 0} structure(s)` },
          ]}
        />
      ) : null}
    </Section>
  );
}

/** The operator's orientations and what became of them (read-only: the lieux update them). */
function OperatorOrientations({ operateur }: { operateur: string }) {
  const { state, reload } = useApi(() => fetchOperatorOrientations(operateur), [operateur]);
  return (
    <Section id="orientations" title="Orientations">
      {state.status === 'loading' ? <LiveStatus>Chargement des orientations…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les orientations." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? (
        <DataTable<OrientationView>
          caption="Orientations de l’opérateur, les plus récentes d’abord"
          rows={state.data.items}
          rowKey={(o) => o.id}
          empty="Cet opérateur n’a orienté personne."
          columns={[
            { label: 'Référence', rowHeader: true, render: (o) => o.reference ?? (o.purgee_le ? `effacée (${o.id.slice(0, 8)})` : `sans référence (${o.id.slice(0, 8)})`) },
            { label: 'Démarche', render: (o) => (o.demarche ? demarcheLabel(o.demarche) : 'non précisée') },
            { label: 'Lieu', render: (o) => <a href={`/lieux/${encodeURIComponent(o.lieuId)}`}>Voir le lieu<span class="visuellement-cache"> de l’orientation {o.reference ?? o.id.slice(0, 8)}</span></a> },
            { label: 'Envoyée le', render: (o) => frDateTime(o.cree_le) },
            { label: 'Rendez-vous', render: (o) => (o.rendezVousLe ? frDateTime(o.rendezVousLe) : '—') },
            { label: 'Statut', render: (o) => { const [text, kind] = ORIENTATION_STATUS[o.statut] ?? [o.statut, 'neutre']; return <Badge kind={kind}>{text}</Badge>; } },
          ]}
        />
      ) : null}
    </Section>
  );
}

function Webhooks({ operateur, items, onShow, onChange }: { operateur: string; items: WebhookView[]; onShow: (id: string) => void; onChange: () => void }) {
  const [confirm, setConfirm] = useState<{ hook: WebhookView; action: 'rotation' | 'activer' | 'desactiver' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const run = async () => {
    if (!confirm) return;
    const { hook, action } = confirm;
    setBusy(true);
    const res = action === 'rotation' ? await rotateSecret(operateur, hook.id) : await setWebhookActive(operateur, hook.id, action === 'activer');
    setBusy(false);
    setConfirm(null);
    const n = (done?.n ?? 0) + 1;
    if (!res.ok) return setDone({ n, kind: 'erreur', text: res.message });
    if (action === 'rotation') setDone({ n, kind: 'succes', text: `Nouveau secret de signature pour ${hook.url}.`, secret: res.data as RotatedWebhookView });
    else setDone({ n, kind: 'succes', text: action === 'activer' ? `${hook.url} est réactivé : les livraisons en attente partent dans l’ordre.` : `${hook.url} est désactivé.` });
    onChange();
  };
  return (
    <>
      <DataTable<WebhookView>
        caption="Points de réception de l’opérateur"
        rows={items}
        rowKey={(h) => h.id}
        empty="Cet opérateur n’a déclaré aucun point de réception."
        columns={[
          { label: 'Adresse', rowHeader: true, render: (h) => <span class="adresse-webhook">{h.url}</span> },
          { label: 'Description', render: (h) => h.description ?? '—' },
          {
            label: 'État',
            render: (h) =>
              h.actif ? (
                <Badge kind="valide">Actif</Badge>
              ) : (
                <>
                  <Badge kind="revoque">Désactivé</Badge> {disabledReason(h.desactive_motif)}
                  {h.desactive_le ? `, le ${frDateTime(h.desactive_le)}` : ''}
                </>
              ),
          },
          {
            label: 'Actions',
            hiddenLabel: true,
            render: (h) => (
              <div class="actions-ligne">
                <button type="button" class="bouton bouton--secondaire" onClick={() => onShow(h.id)}>
                  Livraisons<span class="visuellement-cache"> vers {h.url}</span>
                </button>
                <button type="button" class="bouton bouton--secondaire" onClick={() => setConfirm({ hook: h, action: h.actif ? 'desactiver' : 'activer' })}>
                  {h.actif ? 'Désactiver' : 'Réactiver'}
                  <span class="visuellement-cache"> {h.url}</span>
                </button>
                <button type="button" class="bouton bouton--secondaire" onClick={() => setConfirm({ hook: h, action: 'rotation' })}>
                  Nouveau secret<span class="visuellement-cache"> pour {h.url}</span>
                </button>
              </div>
            ),
          },
        ]}
      />
      {done ? (
        <Notice kind={done.kind} focusKey={done.n}>
          <p>{done.text}</p>
          {done.secret ? (
            <p>
              Transmettez ce secret à l’opérateur par un canal sûr ; il ne sera plus affiché : <code class="secret">{done.secret.secret}</code>. L’ancien secret reste valide jusqu’au{' '}
              {frDateTime(done.secret.ancien_secret_valide_jusqua)} (les deux signatures sont envoyées d’ici là).
            </p>
          ) : null}
        </Notice>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.action === 'rotation' ? 'Changer le secret de signature' : confirm?.action === 'activer' ? 'Réactiver le point de réception' : 'Désactiver le point de réception'}
        confirmLabel={confirm?.action === 'rotation' ? 'Créer un nouveau secret' : confirm?.action === 'activer' ? 'Réactiver' : 'Désactiver'}
        danger={confirm?.action === 'desactiver'}
        busy={busy}
        onConfirm={() => void run()}
        onClose={() => setConfirm(null)}
      >
        <p>
          {confirm?.action === 'rotation'
            ? `Un nouveau secret signera les livraisons vers ${confirm.hook.url}. L’opérateur doit l’installer dans les 24 heures.`
            : confirm?.action === 'activer'
              ? `Les livraisons vers ${confirm.hook.url} reprendront, en commençant par celles en attente.`
              : confirm
                ? `Plus rien ne sera envoyé à ${confirm.hook.url} jusqu’à sa réactivation ; les événements sont gardés en attente.`
                : null}
        </p>
      </ConfirmDialog>
    </>
  );
}

/** The notices recorded for the operator's contact (an endpoint disabled…). */
function Notices({ operateur, hooks, version }: { operateur: string; hooks: WebhookView[]; version: unknown }) {
  const { state, reload } = useApi(() => fetchNotices(operateur), [operateur, version]);
  const urlOf = (id: string | null) => hooks.find((h) => h.id === id)?.url ?? 'point de réception supprimé';
  return (
    <Section id="avis" title="Avis au contact de l’opérateur">
      {state.status === 'loading' ? <LiveStatus>Chargement des avis…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les avis." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? (
        <DataTable<OperatorNoticeView>
          caption="Avis adressés au contact de l’opérateur, les plus récents d’abord"
          rows={state.data.items}
          rowKey={(n) => n.id}
          empty="Aucun avis : aucun point de réception n’a été désactivé."
          columns={[
            { label: 'Le', rowHeader: true, render: (n) => frDateTime(n.cree_le) },
            { label: 'Point de réception', render: (n) => <span class="adresse-webhook">{urlOf(n.webhookId)}</span> },
            { label: 'Motif', render: (n) => disabledReason(n.motif) },
            { label: 'Destinataire', render: (n) => n.destinataire ?? 'aucun contact connu (OPERATOR_CONTACTS)' },
            {
              label: 'Message',
              render: (n) => (
                <details>
                  <summary>{n.objet}</summary>
                  <p class="texte-annonce">{n.texte}</p>
                </details>
              ),
            },
          ]}
        />
      ) : null}
    </Section>
  );
}

function Subscriptions({ items, hooks }: { items: SubscriptionView[]; hooks: WebhookView[] }) {
  const urlOf = (id: string | null) => hooks.find((h) => h.id === id)?.url ?? 'point de réception supprimé';
  return (
    <DataTable<SubscriptionView>
      caption="Abonnements de l’opérateur"
      rows={items}
      rowKey={(s) => s.id}
      empty="Cet opérateur n’est abonné à aucun événement."
      columns={[
        { label: 'Événements', rowHeader: true, render: (s) => s.types.map(eventTypeLabel).join(', ') },
        { label: 'Canal', render: (s) => (s.canal === 'jetstream' ? 'Canal JetStream' : `Webhook ${urlOf(s.webhookId)}`) },
        { label: 'Territoire', render: (s) => territoryText(s.territoire) },
        { label: 'Démarches', render: (s) => (s.demarches.length ? s.demarches.map(demarcheLabel).join(', ') : 'toutes') },
        { label: 'Depuis le', render: (s) => frDateTime(s.cree_le) },
      ]}
    />
  );
}

const STATUS_OPTIONS = [{ value: '', label: 'Toutes' }, ...Object.entries(DELIVERY_STATUS).map(([value, [label]]) => ({ value, label }))];

function Deliveries({ operateur, hook }: { operateur: string; hook: WebhookView }) {
  const [page, setPage] = useState(1);
  const [statut, setStatut] = useState('');
  const list = useApi(() => fetchDeliveries(operateur, hook.id, page, statut || undefined), [operateur, hook.id, page, statut]);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const replay = async (d: DeliveryView) => {
    const res = await replayDelivery(operateur, d.id);
    const n = (done?.n ?? 0) + 1;
    setDone(res.ok ? { n, kind: 'succes', text: `Livraison ${eventTypeLabel(d.type).toLowerCase()} du ${frDateTime(d.recu_le)} : renvoi demandé (même webhook-id).` } : { n, kind: 'erreur', text: res.message });
    void list.reload();
  };
  const data = list.state.status === 'ok' ? list.state.data : null;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <Section id="livraisons" title={`Livraisons vers ${hook.url}`}>
      <SelectField id="livraisons-statut" label="Statut des livraisons" value={statut} onValue={(v) => { setStatut(v); setPage(1); }} options={STATUS_OPTIONS} />
      {list.state.status === 'loading' ? <LiveStatus>Chargement des livraisons…</LiveStatus> : null}
      {list.state.status === 'error' ? <LoadError text="Impossible d’afficher les livraisons." failure={list.state.failure} retry={() => void list.reload()} /> : null}
      {data ? (
        <>
          <LiveStatus>{data.total === 0 ? 'Aucune livraison.' : `${data.total} livraison${data.total > 1 ? 's' : ''}, page ${data.page} sur ${pages}.`}</LiveStatus>
          <DataTable<DeliveryView>
            caption="Livraisons, les plus récentes d’abord"
            rows={data.items}
            rowKey={(d) => d.id}
            columns={[
              { label: 'Événement', rowHeader: true, render: (d) => <>{eventTypeLabel(d.type)} <span class="sujet">({d.sujet.slice(0, 8)})</span></> },
              { label: 'Reçu le', render: (d) => frDateTime(d.recu_le) },
              { label: 'Statut', render: (d) => { const [label, kind] = DELIVERY_STATUS[d.statut] ?? [d.statut, 'neutre']; return <Badge kind={kind}>{label}</Badge>; } },
              { label: 'Tentatives', render: (d) => d.tentatives },
              { label: 'Livré le', render: (d) => (d.livree_le ? frDateTime(d.livree_le) : d.prochaine_tentative ? `prochain essai ${frDateTime(d.prochaine_tentative)}` : '—') },
              {
                label: 'Actions',
                hiddenLabel: true,
                render: (d) => (
                  <div class="actions-ligne">
                    <button type="button" class="bouton bouton--secondaire" aria-expanded={open === d.id} aria-controls={`journal-${d.id}`} onClick={() => setOpen(open === d.id ? null : d.id)}>
                      Journal<span class="visuellement-cache"> de la livraison du {frDateTime(d.recu_le)}</span>
                    </button>
                    <button type="button" class="bouton bouton--secondaire" onClick={() => void replay(d)}>
                      Rejouer<span class="visuellement-cache"> la livraison du {frDateTime(d.recu_le)}</span>
                    </button>
                  </div>
                ),
              },
            ]}
          />
          {open ? <AttemptLog key={open} operateur={operateur} id={open} /> : null}
          <Pager label="Pages des livraisons" class="actions-ligne" page={page} pages={pages} onPage={setPage} />
        </>
      ) : null}
      {done ? (
        <Notice kind={done.kind} focusKey={done.n}>
          {done.text}
        </Notice>
      ) : null}
      <ReplaySince operateur={operateur} hook={hook} onDone={() => void list.reload()} />
    </Section>
  );
}

function AttemptLog({ operateur, id }: { operateur: string; id: string }) {
  const { state, reload } = useApi(() => fetchDelivery(operateur, id), [operateur, id]);
  return (
    <div id={`journal-${id}`} class="journal-tentatives">
      {state.status === 'loading' ? <LiveStatus>Chargement du journal…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher le journal." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? (
        <DataTable
          caption={`Tentatives de la livraison ${state.data.id} (${eventTypeLabel(state.data.type)})`}
          rows={state.data.journal ?? []}
          rowKey={(a) => String(a.tentative)}
          empty="Aucune tentative pour l’instant."
          columns={[
            { label: 'Tentative', rowHeader: true, render: (a) => `n° ${a.tentative}` },
            { label: 'Le', render: (a) => frDateTime(a.le) },
            { label: 'Réponse', render: (a) => (a.statut_http !== null ? `HTTP ${a.statut_http}` : (a.erreur ?? 'pas de réponse')) },
            { label: 'Durée', render: (a) => `${a.duree_ms} ms` },
            { label: 'Début de la réponse', render: (a) => (a.reponse ? <code class="extrait">{a.reponse.slice(0, 200)}</code> : '—') },
          ]}
        />
      ) : null}
    </div>
  );
}

function ReplaySince({ operateur, hook, onDone }: { operateur: string; hook: WebhookView; onDone: () => void }) {
  const [depuis, setDepuis] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<Done | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const at = depuis ? new Date(depuis) : null;
    if (!at || Number.isNaN(at.getTime())) return setErrors([{ field: 'rejeu-depuis', message: 'Indiquez la date et l’heure à partir desquelles rejouer.' }]);
    setErrors([]);
    setBusy(true);
    const res = await replaySince(operateur, hook.id, at.toISOString());
    setBusy(false);
    const n = (done?.n ?? 0) + 1;
    if (!res.ok) return setErrors([{ field: 'rejeu-depuis', message: res.message }]);
    setDone({ n, kind: 'succes', text: res.data.rejouees === 0 ? 'Aucun événement depuis cette date : rien à rejouer.' : `${res.data.rejouees} livraison${res.data.rejouees > 1 ? 's' : ''} renvoyée${res.data.rejouees > 1 ? 's' : ''}, dans l’ordre.` });
    onDone();
  };
  return (
    <form noValidate class="rejeu" aria-labelledby="titre-rejeu" onSubmit={(e) => void submit(e)}>
      <h3 id="titre-rejeu">Rejouer depuis une date</h3>
      <ErrorSummary errors={errors} />
      <TextField id="rejeu-depuis" type="datetime-local" label="Rejouer les événements reçus depuis le" hint="Heure de Paris. Chaque événement garde son webhook-id : l’opérateur peut écarter ce qu’il a déjà traité." required value={depuis} onValue={setDepuis} error={errors[0]?.message} />
      <button type="submit" class="bouton" disabled={busy}>
        Rejouer
      </button>
      {done ? (
        <Notice kind={done.kind} focusKey={done.n}>
          {done.text}
        </Notice>
      ) : null}
    </form>
  );
}
