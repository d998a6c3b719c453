/* Reading one cell of a row (CSV text or JSON value) into a clean value, or nothing. */

export function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '').trim();
  return s === '' ? undefined : s;
}

export function list(v: unknown, separator: RegExp): string[] {
  if (Array.isArray(v)) return uniq(v.map(str).filter((s): s is string => s !== undefined));
  const s = str(v);
  return s ? uniq(s.split(separator).map((x) => x.trim()).filter(Boolean)) : [];
}

export const uniq = <T>(xs: T[]) => [...new Set(xs)];

export function number(v: unknown): number | null | 'invalid' {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'invalid';
  const s = str(v);
  if (s === undefined) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : 'invalid';
}

export function date(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s);
  let iso: string | undefined;
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (m) iso = `${m[3]}-${m[2]}-${m[1]}`;
  if (!iso) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

export function telephone(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  let t = s.replace(/[\s.\-()]/g, '');
  if (/^00\d+$/.test(t)) t = `+${t.slice(2)}`;
  if (/^0\d{9}$/.test(t)) t = `+33${t.slice(1)}`;
  if (/^\+330\d{9}$/.test(t)) t = `+33${t.slice(4)}`;
  return t;
}

export const url = (s: string) => (/^https?:\/\//i.test(s) ? s : /^[\w-]+(\.[\w-]+)+([/?#].*)?$/.test(s) ? `https://${s}` : s);
