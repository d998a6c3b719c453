import { parse as parseCsv } from 'csv-parse/sync';
import { fileError } from './file-error';

/** A rejected row or a warning about a row, with a French reason. */
export interface RowIssue {
  ligne: number;
  motif: string;
}

/** A data row of the file: its line (CSV) or rank (JSON), and its values by lower-case column name. */
export type RawRow = { ligne: number; values: Record<string, unknown> };

/** The rows of a file, and the rows that could not be read at all. */
export interface ReadRows {
  rows: RawRow[];
  rejets: RowIssue[];
}

/** A JSON file: a bare array of lieux, or an object holding the array (e.g. {"lieux": [...]}, {"data": [...]}). */
export function readJsonRows(text: string): ReadRows {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw fileError(`Le fichier JSON est illisible : ${(err as Error).message}`);
  }
  const list = Array.isArray(doc) ? doc : Object.values((doc ?? {}) as Record<string, unknown>).find(Array.isArray);
  if (!Array.isArray(list)) throw fileError('Le fichier JSON doit contenir un tableau de lieux.');
  const rows: RawRow[] = [];
  const rejets: RowIssue[] = [];
  list.forEach((item, i) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      rows.push({ ligne: i + 1, values: Object.fromEntries(Object.entries(item).map(([k, v]) => [k.trim().toLowerCase(), v])) });
    } else {
      rejets.push({ ligne: i + 1, motif: "L'élément n'est pas un objet JSON." });
    }
  });
  return { rows, rejets };
}

/** A CSV file (`,`, `;` or tab separated, header first); rows of the wrong width are rejected. */
export function readCsvRows(text: string): ReadRows {
  const rejets: RowIssue[] = [];
  const records = parseCsvRecords(text, csvDelimiter(text), rejets);
  if (records.length === 0) throw fileError('Le fichier CSV ne contient aucune ligne.');
  const header = records[0].record.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const rows: RawRow[] = [];
  for (const { record, info, raw } of records.slice(1)) {
    const ligne = firstLineOf(info, raw);
    if (record.every((v) => v.trim() === '')) continue;
    if (record.length !== header.length) {
      rejets.push({ ligne, motif: `Nombre de colonnes incorrect : ${record.length} au lieu de ${header.length}.` });
      continue;
    }
    rows.push({ ligne, values: Object.fromEntries(header.map((h, j) => [h, record[j]])) });
  }
  return { rows, rejets };
}

/** The separator that splits the first line into the most columns. */
function csvDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0].d;
}

type CsvRecord = { record: string[]; info: { lines: number }; raw: string };

/** csv-parse, keeping each record's raw text and line; unreadable records are rejected, not fatal. */
function parseCsvRecords(text: string, delimiter: string, rejets: RowIssue[]): CsvRecord[] {
  try {
    return parseCsv(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      skip_records_with_error: true,
      on_skip: (err: { lines?: number; message: string } | undefined) => {
        if (err) rejets.push({ ligne: err.lines ?? 0, motif: `Ligne CSV illisible : ${err.message}` });
      },
    }) as unknown as CsvRecord[];
  } catch (err) {
    throw fileError(`Le fichier CSV est illisible : ${(err as Error).message}`);
  }
}

/** info.lines is the line where the record ends; a quoted value may span several lines. */
function firstLineOf(info: { lines: number }, raw: string): number {
  const newlines = (raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
  return info.lines - newlines;
}
