import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type OpeningHoursLib from 'opening_hours';
import type { FieldError } from '../ui/form';
import { nextOpeningLabel } from './format';
import {
  checkHours, checkWeek, DAY_NAMES, describeWeek, emptyWeek, MAX_RANGES, openingHoursToWeek, weekToOpeningHours, type HoursCheck, type HoursException, type TimeRange, type WeekHours,
} from './hours';

/** Id of the expert field (the API's `horaires` errors are shown there). */
export const HOURS_EXPERT_ID = 'champ-horaires';
const PREFIX = 'horaires-';
const DEFAULT_RANGES: TimeRange[] = [
  { from: '09:00', to: '12:00' },
  { from: '14:00', to: '17:00' },
];
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const nth = (i: number) => (i === 0 ? '1re plage' : `${i + 1}e plage`);

type Lib = typeof OpeningHoursLib;
let library: Promise<Lib | null> | undefined;
/** The opening_hours library (1 MB), loaded when an editor opens. */
const loadLibrary = () => (library ??= import('opening_hours').then((m) => m.default).catch(() => null));

/**
 * The weekly hours of a lieu: for each day closed, one range or two; « fermé les jours fériés »;
 * exceptions by date. It writes OpenStreetMap `opening_hours` text, says the result in plain
 * French (and when the lieu would next open) before saving, and keeps the raw text for experts
 * (« Saisie experte »). An existing value the editor cannot show opens the expert field, with a
 * notice. `onChange` gives the text and the problems that must block saving (inline here when
 * `showErrors`).
 */
export function HoursEditor({
  initial,
  onChange,
  showErrors,
  serverError,
  place,
}: {
  initial: string;
  onChange: (text: string, problems: FieldError[]) => void;
  showErrors: boolean;
  /** The API's message about the horaires (shown on the expert field, opened). */
  serverError?: string;
  place?: { lat?: number | null; lon?: number | null };
}) {
  const first = useMemo(() => openingHoursToWeek(initial), []);
  const [text, setText] = useState(initial);
  const [week, setWeek] = useState<WeekHours>(first.ok ? first.week : emptyWeek());
  /** False when the text uses rules the visual editor cannot show. */
  const [readable, setReadable] = useState(first.ok);
  const [reason, setReason] = useState(first.ok ? '' : first.reason);
  const [expert, setExpert] = useState(!first.ok);
  const [lib, setLib] = useState<Lib | null | undefined>(undefined);

  useEffect(() => {
    // A function given to a state setter is an updater: wrap the constructor.
    void loadLibrary().then((l) => setLib(() => l));
  }, []);
  useEffect(() => {
    if (serverError) setExpert(true);
  }, [serverError]);

  const check: HoursCheck | undefined = useMemo(() => (lib ? checkHours(text, lib, new Date(), place) : undefined), [lib, text]);
  const visualProblems = useMemo(() => (readable ? checkWeek(week) : []), [readable, week]);
  const problems: FieldError[] = useMemo(() => {
    const out = visualProblems.map((p) => ({ field: `${PREFIX}${p.field}`, message: p.message }));
    // The library's verdict matters when the visual editor has nothing to say (expert text).
    if (check && !check.ok && out.length === 0) out.push({ field: HOURS_EXPERT_ID, message: `Horaires : ${check.message}` });
    return out;
  }, [visualProblems, check]);

  useEffect(() => {
    onChange(text.trim(), problems);
  }, [text, problems]);

  /** A change made in the visual editor. */
  const edit = (next: WeekHours) => {
    setWeek(next);
    setText(weekToOpeningHours(next));
  };
  const setDay = (i: number, ranges: TimeRange[]) => edit({ ...week, days: week.days.map((d, k) => (k === i ? { ranges } : d)) });
  const setException = (i: number, e: HoursException | null) =>
    edit({ ...week, exceptions: e ? week.exceptions.map((x, k) => (k === i ? e : x)) : week.exceptions.filter((_, k) => k !== i) });

  /** A change made in the expert field: the visual editor follows when it can show it. */
  const typeExpert = (value: string) => {
    setText(value);
    const read = openingHoursToWeek(value);
    setReadable(read.ok);
    if (read.ok) {
      setWeek(read.week);
      setReason('');
    } else setReason(read.reason);
  };

  const problemFor = (field: string) => (showErrors ? problems.find((p) => p.field === field)?.message : undefined);
  const expertError = serverError ?? (check && !check.ok && visualProblems.length === 0 ? check.message : undefined);

  return (
    <fieldset class="groupe horaires-editeur" aria-describedby="horaires-aide">
      <legend>Horaires d’ouverture</legend>
      <p class="champ__aide" id="horaires-aide">
        Pour chaque jour : fermé, une plage ou deux plages horaires (ex. le matin et l’après-midi). Pour fermer à minuit, indiquez 00:00.
      </p>
      {readable ? (
        <>
          <div class="horaires-editeur__jours">
            {week.days.map((day, i) => (
              <Fragment key={i}>
                <RangesEditor
                  id={`${PREFIX}jour-${i}`}
                  legend={capitalize(DAY_NAMES[i])}
                  where={DAY_NAMES[i]}
                  ranges={day.ranges}
                  onRanges={(r) => setDay(i, r)}
                  problemFor={problemFor}
                />
                {i === 0 && day.ranges.length ? (
                  <p class="horaires-recopier">
                    <button type="button" class="bouton bouton--secondaire" onClick={() => edit({ ...week, days: week.days.map((d, k) => (k >= 1 && k <= 4 ? { ranges: day.ranges.map((r) => ({ ...r })) } : d)) })}>
                      Recopier le lundi du mardi au vendredi
                    </button>
                  </p>
                ) : null}
              </Fragment>
            ))}
          </div>
          <div class="case">
            <input type="checkbox" id={`${PREFIX}feries`} checked={week.holidaysClosed} onChange={(e) => edit({ ...week, holidaysClosed: e.currentTarget.checked })} />
            <label for={`${PREFIX}feries`}>Fermé les jours fériés</label>
          </div>
          <h3 class="horaires-editeur__titre">Exceptions</h3>
          <p class="champ__aide">Une date où les horaires sont différents (fermeture exceptionnelle, horaires réduits).</p>
          {week.exceptions.map((e, i) => (
            <ExceptionEditor key={i} index={i} exception={e} onException={(x) => setException(i, x)} problemFor={problemFor} />
          ))}
          <p class="action">
            <button type="button" class="bouton bouton--secondaire" onClick={() => edit({ ...week, exceptions: [...week.exceptions, { date: '', ranges: [] }] })}>
              Ajouter une exception
            </button>
          </p>
        </>
      ) : (
        <p class="notice notice--alerte" id="horaires-illisibles">
          {reason}
        </p>
      )}

      <div class="horaires-resume" id="horaires-resume">
        <h3>Ce qui sera affiché</h3>
        <Summary readable={readable} week={week} text={text} check={check} problems={visualProblems.length > 0} />
      </div>

      <details class="horaires-expert" open={expert} onToggle={(e) => setExpert(e.currentTarget.open)}>
        <summary>Saisie experte (syntaxe OpenStreetMap)</summary>
        <div class={expertError ? 'champ champ--erreur' : 'champ'}>
          <label for={HOURS_EXPERT_ID}>
            Horaires au format opening_hours<span class="champ__facultatif"> (facultatif)</span>
          </label>
          <p class="champ__aide" id={`${HOURS_EXPERT_ID}-aide`}>
            Ex. « Mo-Fr 09:00-12:00,14:00-17:00; PH off » : du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h, fermé les jours fériés.
          </p>
          {expertError ? (
            <p class="champ__erreur" id={`${HOURS_EXPERT_ID}-erreur`}>
              <span class="visuellement-cache">Erreur : </span>
              {expertError}
            </p>
          ) : null}
          <textarea
            id={HOURS_EXPERT_ID}
            name="horaires"
            rows={2}
            value={text}
            spellcheck={false}
            onInput={(e) => typeExpert(e.currentTarget.value)}
            aria-invalid={expertError ? 'true' : undefined}
            aria-describedby={expertError ? `${HOURS_EXPERT_ID}-aide ${HOURS_EXPERT_ID}-erreur` : `${HOURS_EXPERT_ID}-aide`}
          />
        </div>
      </details>
    </fieldset>
  );
}

function Summary({ readable, week, text, check, problems }: { readable: boolean; week: WeekHours; text: string; check?: HoursCheck; problems: boolean }) {
  if (problems) return <p>Corrigez les horaires signalés pour voir le résultat.</p>;
  if (check && !check.ok) return <p>Les horaires ne sont pas lisibles : ils ne seront pas affichés au public tant qu’ils ne sont pas corrigés.</p>;
  const lines = readable ? describeWeek(week) : null;
  let when = '';
  if (check?.ok && !check.empty) when = check.openNow ? 'Avec ces horaires, le lieu est ouvert en ce moment.' : check.next ? `Avec ces horaires, le lieu est fermé en ce moment ; il ${nextOpeningLabel(check.next.toISOString())}.` : 'Avec ces horaires, le lieu est fermé en ce moment.';
  return (
    <>
      {lines ? (
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : (
        <p>Horaires valides, trop détaillés pour l’éditeur visuel : ils seront affichés jour par jour sur la page du lieu.</p>
      )}
      {when ? <p>{when}</p> : null}
      {check?.ok && !check.empty && check.normalized !== text.trim() ? (
        <p>
          Saisie comprise comme : <span class="brut">{check.normalized}</span>
        </p>
      ) : null}
    </>
  );
}

type Mode = '0' | '1' | '2';

/** Closed / one range / two ranges for one day (or one exception), with time inputs. */
function RangesEditor({
  id,
  legend,
  where,
  ranges,
  onRanges,
  problemFor,
  children,
}: {
  id: string;
  legend: string;
  /** Said to screen readers with each time input (« lundi »). */
  where: string;
  ranges: TimeRange[];
  onRanges: (r: TimeRange[]) => void;
  problemFor: (field: string) => string | undefined;
  children?: ComponentChildren;
}) {
  const mode = String(ranges.length) as Mode;
  const setMode = (m: Mode) => {
    const n = Number(m);
    onRanges(Array.from({ length: n }, (_, i) => ranges[i] ?? (n === 1 ? { from: '09:00', to: '17:00' } : DEFAULT_RANGES[i])));
  };
  const setTime = (i: number, key: 'from' | 'to', v: string) => onRanges(ranges.map((r, k) => (k === i ? { ...r, [key]: key === 'to' && v === '00:00' ? '24:00' : v } : r)));
  return (
    <fieldset class="horaires-jour">
      <legend>{legend}</legend>
      {children}
      <div class="horaires-jour__mode">
        {(
          [
            ['0', 'Fermé'],
            ['1', 'Une plage'],
            ['2', 'Deux plages'],
          ] as const
        )
          .filter(([m]) => Number(m) <= MAX_RANGES)
          .map(([m, label]) => (
            <div class="case" key={m}>
              <input type="radio" id={`${id}-mode-${m}`} name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
              <label for={`${id}-mode-${m}`}>{label}</label>
            </div>
          ))}
      </div>
      {ranges.length ? (
        <div class="horaires-plages">
          {ranges.map((r, i) => (
            <div class="horaires-plage" key={i}>
              <TimeInput id={`${id}-${i}-debut`} label="Ouverture" context={`${where}, ${nth(i)}`} value={r.from} onValue={(v) => setTime(i, 'from', v)} error={problemFor(`${id}-${i}-debut`)} />
              <TimeInput id={`${id}-${i}-fin`} label="Fermeture" context={`${where}, ${nth(i)}`} value={r.to === '24:00' ? '00:00' : r.to} onValue={(v) => setTime(i, 'to', v)} error={problemFor(`${id}-${i}-fin`)} />
            </div>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

function TimeInput({ id, label, context, value, onValue, error }: { id: string; label: string; context: string; value: string; onValue: (v: string) => void; error?: string }) {
  return (
    <div class={error ? 'champ champ--erreur' : 'champ'}>
      <label for={id}>
        {label}
        <span class="visuellement-cache"> ({context})</span>
      </label>
      {error ? (
        <p class="champ__erreur" id={`${id}-erreur`}>
          <span class="visuellement-cache">Erreur : </span>
          {error}
        </p>
      ) : null}
      <input type="time" id={id} value={value} step={300} onInput={(e) => onValue(e.currentTarget.value)} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-erreur` : undefined} />
    </div>
  );
}

function ExceptionEditor({
  index,
  exception,
  onException,
  problemFor,
}: {
  index: number;
  exception: HoursException;
  onException: (e: HoursException | null) => void;
  problemFor: (field: string) => string | undefined;
}) {
  const id = `${PREFIX}exception-${index}`;
  const dateError = problemFor(`${id}-date`);
  return (
    <RangesEditor
      id={id}
      legend={`Exception ${index + 1}`}
      where={`exception ${index + 1}`}
      ranges={exception.ranges}
      onRanges={(ranges) => onException({ ...exception, ranges })}
      problemFor={problemFor}
    >
      <div class="horaires-exception__date">
        <div class={dateError ? 'champ champ--erreur' : 'champ'}>
          <label for={`${id}-date`}>
            Date<span class="visuellement-cache"> de l’exception {index + 1}</span>
          </label>
          {dateError ? (
            <p class="champ__erreur" id={`${id}-date-erreur`}>
              <span class="visuellement-cache">Erreur : </span>
              {dateError}
            </p>
          ) : null}
          <input
            type="date"
            id={`${id}-date`}
            value={exception.date}
            onInput={(e) => onException({ ...exception, date: e.currentTarget.value })}
            aria-invalid={dateError ? 'true' : undefined}
            aria-describedby={dateError ? `${id}-date-erreur` : undefined}
          />
        </div>
        <button type="button" class="lien-bouton" onClick={() => onException(null)}>
          Supprimer l’exception {index + 1}
        </button>
      </div>
    </RangesEditor>
  );
}
