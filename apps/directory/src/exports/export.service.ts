import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { exportPageSchema, parsePayload, type ExportFormat } from '@pin/contracts';
import { toDataInclusionServices, toDataInclusionStructure } from './data-inclusion';
import { standardCsvHeader, standardCsvRows, standardJsonRecord, type ExportLieu } from './standard-record';
import { EXPORT_COLUMNS, rowToExportLieu } from './lieu-rows';

/** Rows read per query; a page stops earlier when its text reaches PAGE_BUDGET. */
const ROWS_PER_QUERY = 250;
/**
 * Characters of export text per NATS reply. The reply is JSON (the text is escaped once more:
 * quotes double in the worst case) and NATS refuses messages over 1 MB.
 */
const PAGE_BUDGET = 300_000;

export interface ExportPage {
  /** Text of this page: CSV lines (the header on the first page), or JSON values separated by commas (no brackets). */
  chunk: string;
  /** Cursor of the next page, null at the end. */
  next: string | null;
  count: number;
}

/**
 * Public exports of the active lieux, read page by page (cursor = lieu id) so that the gateway
 * can stream any number of lieux without a NATS message over its size limit.
 */
@Injectable()
export class ExportService {
  constructor(private readonly ds: DataSource) {}

  async page(input: unknown): Promise<ExportPage> {
    const { format, after } = parsePayload(exportPageSchema, input);
    const parts: string[] = [];
    let size = 0;
    let count = 0;
    if (!after && format === 'v1.0.2-csv') {
      parts.push(standardCsvHeader());
      size += parts[0].length;
    }
    let cursor = after ?? null;
    for (;;) {
      const rows: Record<string, unknown>[] = await this.ds.query(
        `SELECT ${EXPORT_COLUMNS} FROM lieu WHERE statut = 'actif' AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT ${ROWS_PER_QUERY}`,
        [cursor],
      );
      for (const row of rows) {
        const text = render(format, rowToExportLieu(row));
        if (size + text.length > PAGE_BUDGET && count > 0) return { chunk: joinChunk(format, parts), next: cursor, count };
        if (text) {
          parts.push(text);
          size += text.length;
        }
        count += 1;
        cursor = String(row.id);
      }
      if (rows.length < ROWS_PER_QUERY) return { chunk: joinChunk(format, parts), next: null, count };
    }
  }
}

function render(format: ExportFormat, l: ExportLieu): string {
  switch (format) {
    case 'v1.0.2-csv':
      return standardCsvRows([l]);
    case 'v1.0.2-json':
      return JSON.stringify(standardJsonRecord(l));
    case 'data-inclusion-structures':
      return JSON.stringify(toDataInclusionStructure(l));
    case 'data-inclusion-services':
      return toDataInclusionServices(l).map((s) => JSON.stringify(s)).join(',');
  }
}

const joinChunk = (format: ExportFormat, parts: string[]) => (format === 'v1.0.2-csv' ? parts.join('') : parts.join(','));
