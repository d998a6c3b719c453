import type { ComponentChildren, VNode } from 'preact';

export interface Column<T> {
  /** Column heading; also the label of the value when the table becomes cards on a phone. */
  label: string;
  render: (row: T) => ComponentChildren;
  /** The row's header cell (`<th scope="row">`), e.g. the name. */
  rowHeader?: boolean;
  /** Visually hidden heading (e.g. actions). */
  hiddenLabel?: boolean;
}

/**
 * A data table that stays a real `<table>` for assistive technologies and becomes a list of
 * cards on a narrow screen (CSS: `.tableau-cartes`, each cell shows its column label).
 */
export function DataTable<T>({ caption, columns, rows, rowKey, empty }: { caption: ComponentChildren; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string; empty?: string }): VNode {
  if (rows.length === 0 && empty) return <p class="statut">{empty}</p>;
  return (
    <table class="tableau-cartes">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c.label}>
              {c.hiddenLabel ? <span class="visuellement-cache">{c.label}</span> : c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c) =>
              c.rowHeader ? (
                <th scope="row" data-label={c.label} key={c.label}>
                  {c.render(row)}
                </th>
              ) : (
                <td data-label={c.hiddenLabel ? undefined : c.label} key={c.label}>
                  {c.render(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
