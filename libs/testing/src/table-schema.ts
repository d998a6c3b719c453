/**
 * A small validator of Frictionless table schema field constraints (required, unique, pattern,
 * enum, maxLength/minLength, type string|number|integer|date|boolean) — enough to check PIN's
 * exports against the national standard's schema. Patterns match the whole value, as in the
 * Frictionless specification.
 */
export interface TableSchemaField {
  name: string;
  type?: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; pattern?: string; enum?: unknown[]; maxLength?: number; minLength?: number };
}
export interface TableSchema {
  fields: TableSchemaField[];
}
export interface TableSchemaError {
  row: number;
  field: string;
  message: string;
}

const isMissing = (v: unknown) => v === undefined || v === null || v === '';

function typeError(field: TableSchemaField, value: unknown): string | undefined {
  const s = typeof value === 'string' ? value : String(value);
  switch (field.type ?? 'string') {
    case 'number':
      return typeof value === 'number' ? (Number.isFinite(value) ? undefined : 'not a finite number') : /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s) ? undefined : 'not a number';
    case 'integer':
      return /^[+-]?\d+$/.test(s) ? undefined : 'not an integer';
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return 'not a date (YYYY-MM-DD)';
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) ? undefined : 'not a valid date';
    }
    case 'boolean':
      return typeof value === 'boolean' || /^(true|false)$/i.test(s) ? undefined : 'not a boolean';
    case 'string':
      return typeof value === 'string' ? undefined : 'not a string';
    default:
      return undefined;
  }
}

/** Errors of rows (objects keyed by field name; CSV values as strings) against a table schema. */
export function validateTable(schema: TableSchema, rows: readonly Record<string, unknown>[]): TableSchemaError[] {
  const errors: TableSchemaError[] = [];
  const patterns = new Map(schema.fields.filter((f) => f.constraints?.pattern).map((f) => [f.name, new RegExp(`^(?:${f.constraints!.pattern})$`, 'u')]));
  const seen = new Map<string, Set<string>>();
  rows.forEach((row, i) => {
    const rowNumber = i + 1;
    for (const key of Object.keys(row)) {
      if (!schema.fields.some((f) => f.name === key)) errors.push({ row: rowNumber, field: key, message: 'unknown field' });
    }
    for (const field of schema.fields) {
      const c = field.constraints ?? {};
      const value = row[field.name];
      if (isMissing(value)) {
        if (c.required) errors.push({ row: rowNumber, field: field.name, message: 'required value missing' });
        continue;
      }
      const t = typeError(field, value);
      if (t) {
        errors.push({ row: rowNumber, field: field.name, message: t });
        continue;
      }
      const s = String(value);
      const pattern = patterns.get(field.name);
      if (pattern && !pattern.test(s)) errors.push({ row: rowNumber, field: field.name, message: `does not match ${field.constraints!.pattern!.slice(0, 60)}: ${s.slice(0, 80)}` });
      if (c.enum && !c.enum.map(String).includes(s)) errors.push({ row: rowNumber, field: field.name, message: 'not in enum' });
      if (c.maxLength !== undefined && [...s].length > c.maxLength) errors.push({ row: rowNumber, field: field.name, message: `longer than ${c.maxLength}` });
      if (c.minLength !== undefined && [...s].length < c.minLength) errors.push({ row: rowNumber, field: field.name, message: `shorter than ${c.minLength}` });
      if (c.unique) {
        const set = seen.get(field.name) ?? new Set<string>();
        if (set.has(s)) errors.push({ row: rowNumber, field: field.name, message: `duplicate value ${s}` });
        set.add(s);
        seen.set(field.name, set);
      }
    }
  });
  return errors;
}
