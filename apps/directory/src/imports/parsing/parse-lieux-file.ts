import { sanitizeInput } from '@pin/contracts';
import { convertRow, type ParsedLieu } from './convert-row';
import { decodeFile, type DetectedEncoding } from './decode';
import { detectVersion, isJsonFile, type ImportFormat, type StandardVersion } from './detect-format';
import { fileError } from './file-error';
import { readCsvRows, readJsonRows, type RawRow, type RowIssue } from './read-rows';

export type { RowIssue } from './read-rows';
export type { ParsedLieu } from './convert-row';

export interface ParseResult {
  format: ImportFormat;
  encoding: DetectedEncoding;
  /** Number of data rows read (lieux + rejets). */
  total: number;
  lieux: ParsedLieu[];
  rejets: RowIssue[];
  avertissements: RowIssue[];
}

/** Reads an uploaded file in one of the standard's formats; every row becomes a lieu or a rejection. */
export function parseLieuxFile(buffer: Buffer, requested: ImportFormat | 'auto' = 'auto'): ParseResult {
  if (buffer.length === 0) throw fileError('Le fichier est vide.');
  const { text, encoding } = decodeFile(buffer);
  const trimmed = text.trimStart();
  const isJson = isJsonFile(trimmed, requested);
  const { rows, rejets } = isJson ? readJsonRows(trimmed) : readCsvRows(text);
  const columns = new Set(rows.flatMap((r) => Object.keys(r.values)));
  const version = detectVersion(columns, requested);
  if (!columns.has('id') && rows.length > 0) {
    throw fileError("Le fichier ne ressemble pas au standard des lieux de médiation numérique : colonne « id » absente.", { colonnes: [...columns].slice(0, 40) });
  }
  const format = `${version}-${isJson ? 'json' : 'csv'}` as ImportFormat;
  const { lieux, avertissements } = convertRows(rows, version, rejets);
  rejets.sort((a, b) => a.ligne - b.ligne);
  return { format, encoding, total: lieux.length + rejets.length, lieux, rejets, avertissements };
}

/** Every row → a lieu or a rejection (added to `rejets`); an id seen on an earlier row rejects the row. */
function convertRows(rows: RawRow[], version: StandardVersion, rejets: RowIssue[]) {
  const lieux: ParsedLieu[] = [];
  const avertissements: RowIssue[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const warn = (motif: string) => avertissements.push({ ligne: row.ligne, motif });
    // The platform's one input rule (NFC, no control character): a bad cell rejects its row only.
    const { value: values, rejected } = sanitizeInput(row.values);
    if (rejected.length > 0) {
      rejets.push({ ligne: row.ligne, motif: `Caractère de contrôle interdit (octet nul ou non imprimable) dans : ${rejected.map((r) => r.path).join(', ')}.` });
      continue;
    }
    const result = convertRow(values as RawRow['values'], version, warn);
    if ('motif' in result) {
      rejets.push({ ligne: row.ligne, motif: result.motif });
      continue;
    }
    const previous = seen.get(result.sourceId);
    if (previous !== undefined) {
      rejets.push({ ligne: row.ligne, motif: `Identifiant « ${result.sourceId} » déjà utilisé ligne ${previous}.` });
      continue;
    }
    seen.set(result.sourceId, row.ligne);
    lieux.push({ ligne: row.ligne, ...result });
  }
  return { lieux, avertissements };
}
