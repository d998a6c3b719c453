import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** An error about one field (`field` = the input's id; empty: about the whole form). */
export interface FieldError {
  field: string;
  message: string;
}

/** The API's `REQUEST.INVALID` details (`[{ path, message }]`) as field errors; `ids` maps API paths to input ids. */
export function fieldErrorsFrom(details: unknown, ids: Record<string, string> = {}): FieldError[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) => {
    if (!d || typeof d !== 'object') return [];
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    const key = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    return [{ field: ids[key] ?? ids[key.split('.')[0]] ?? key.split('.')[0] ?? '', message }];
  });
}

export const errorFor = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** Required/optional marking, the same everywhere: optional fields say « (facultatif) ». */
function Label({ id, label, required }: { id: string; label: ComponentChildren; required?: boolean }) {
  return (
    <label for={id}>
      {label}
      {required ? null : <span class="champ__facultatif"> (facultatif)</span>}
    </label>
  );
}

function describedBy(...ids: unknown[]): string | undefined {
  const v = ids.filter((id): id is string => typeof id === 'string' && id !== '').join(' ');
  return v || undefined;
}

function InlineError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p class="champ__erreur" id={id}>
      <span class="visuellement-cache">Erreur : </span>
      {message}
    </p>
  );
}

/** What every single-control field shares: label with the optional marking, hint, inline error. */
function FieldFrame({ id, label, required, hint, error, children }: { id: string; label: ComponentChildren; required?: boolean; hint?: ComponentChildren; error?: string; children: ComponentChildren }) {
  return (
    <div class={error ? 'champ champ--erreur' : 'champ'}>
      <Label id={id} label={label} required={required} />
      {hint ? <p class="champ__aide" id={`${id}-aide`}>{hint}</p> : null}
      <InlineError id={`${id}-erreur`} message={error} />
      {children}
    </div>
  );
}

/** The control's link to its hint and error. */
const controlAria = (id: string, hint: ComponentChildren, error?: string) => ({
  'aria-invalid': error ? ('true' as const) : undefined,
  'aria-describedby': describedBy(hint && `${id}-aide`, error && `${id}-erreur`),
});

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'label' | 'value' | 'onInput'>;

export function TextField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onValue,
  name,
  ...rest
}: InputProps & { id: string; label: ComponentChildren; hint?: ComponentChildren; error?: string; required?: boolean; value?: string; onValue?: (v: string) => void }) {
  return (
    <FieldFrame id={id} label={label} required={required} hint={hint} error={error}>
      <input
        id={id}
        name={name ?? id}
        type="text"
        autocomplete="off"
        {...rest}
        required={required}
        value={value}
        onInput={onValue ? (e) => onValue((e.currentTarget as HTMLInputElement).value) : undefined}
        {...controlAria(id, hint, error)}
      />
    </FieldFrame>
  );
}

export function TextArea({
  id,
  label,
  hint,
  error,
  required,
  value,
  onValue,
  rows = 4,
}: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
  value?: string;
  onValue?: (v: string) => void;
  rows?: number;
}) {
  return (
    <FieldFrame id={id} label={label} required={required} hint={hint} error={error}>
      <textarea
        id={id}
        name={id}
        rows={rows}
        required={required}
        value={value}
        onInput={onValue ? (e) => onValue((e.currentTarget as HTMLTextAreaElement).value) : undefined}
        {...controlAria(id, hint, error)}
      />
    </FieldFrame>
  );
}

export function SelectField({
  id,
  label,
  hint,
  error,
  required = true,
  value,
  onValue,
  options,
}: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
  value?: string;
  onValue?: (v: string) => void;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <FieldFrame id={id} label={label} required={required} hint={hint} error={error}>
      <select
        id={id}
        name={id}
        value={value}
        onChange={onValue ? (e) => onValue((e.currentTarget as HTMLSelectElement).value) : undefined}
        {...controlAria(id, hint, error)}
      >
        {options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Checkboxes or radios under one legend; the group's first input carries id `${name}-0` (error links point there). */
export function ChoiceGroup({
  name,
  legend,
  type,
  choices,
  values,
  onValues,
  hint,
  error,
  required = true,
}: {
  name: string;
  legend: ComponentChildren;
  type: 'checkbox' | 'radio';
  choices: Array<{ value: string; label: ComponentChildren; hint?: ComponentChildren }>;
  values: readonly string[];
  onValues: (values: string[]) => void;
  hint?: ComponentChildren;
  error?: string;
  required?: boolean;
}) {
  const toggle = (value: string, checked: boolean) => {
    if (type === 'radio') onValues([value]);
    else onValues(checked ? [...values.filter((v) => v !== value), value] : values.filter((v) => v !== value));
  };
  return (
    <fieldset class={error ? 'groupe groupe--erreur' : 'groupe'} aria-describedby={describedBy(hint && `${name}-aide`, error && `${name}-erreur`)}>
      <legend>
        {legend}
        {required ? null : <span class="champ__facultatif"> (facultatif)</span>}
      </legend>
      {hint ? <p class="champ__aide" id={`${name}-aide`}>{hint}</p> : null}
      <InlineError id={`${name}-erreur`} message={error} />
      {choices.map((c, i) => {
        const id = `${name}-${i}`;
        return (
          <div class="choix" key={c.value}>
            <input
              type={type}
              id={id}
              name={name}
              value={c.value}
              checked={values.includes(c.value)}
              onChange={(e) => toggle(c.value, (e.currentTarget as HTMLInputElement).checked)}
              aria-describedby={c.hint ? `${id}-aide` : undefined}
            />
            <label for={id}>{c.label}</label>
            {c.hint ? <p class="champ__aide" id={`${id}-aide`}>{c.hint}</p> : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/**
 * One box the user must tick to attest something (identity checked, consent read), under its
 * legend, with the inline error linked to the box; `children` come between the legend and the box
 * (e.g. the text being consented to, named by `describedBy`).
 */
export function AttestationBox({
  id,
  legend,
  label,
  checked,
  onChecked,
  error,
  describedBy: groupDescribedBy,
  children,
}: {
  id: string;
  legend: ComponentChildren;
  label: ComponentChildren;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  error?: string;
  describedBy?: string;
  children?: ComponentChildren;
}) {
  return (
    <fieldset class={error ? 'groupe groupe--erreur' : 'groupe'} aria-describedby={groupDescribedBy}>
      <legend>{legend}</legend>
      {children}
      <InlineError id={`${id}-erreur`} message={error} />
      <div class="choix">
        <input
          type="checkbox"
          id={id}
          name={id}
          checked={checked}
          onChange={(e) => onChecked((e.currentTarget as HTMLInputElement).checked)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-erreur` : undefined}
        />
        <label for={id}>{label}</label>
      </div>
    </fieldset>
  );
}

/**
 * The summary above a form: a title and one link per error, moved into focus when the errors
 * change so that screen readers read it at once; each link puts the focus on the faulty field.
 */
export function ErrorSummary({ errors, id, title }: { errors: readonly FieldError[]; id?: string; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  const headingId = `${id ?? 'resume-erreurs'}-titre`;
  return (
    <div ref={ref} id={id} class="resume-erreurs" tabIndex={-1} role="alert" aria-labelledby={headingId}>
      <h2 id={headingId}>{title ?? (errors.length > 1 ? `Le formulaire contient ${errors.length} erreurs` : 'Le formulaire contient une erreur')}</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={`${e.field}-${i}`}>
            {e.field ? (
              <a
                href={`#${e.field}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(e.field)?.focus();
                }}
              >
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
