import type { ComponentChildren } from 'preact';

export type BadgeKind = 'valide' | 'avenir' | 'revoque' | 'expire' | 'info' | 'alerte' | 'neutre';

export function Badge({ kind = 'neutre', children }: { kind?: BadgeKind | string; children: ComponentChildren }) {
  return <span class={`badge badge--${kind}`}>{children}</span>;
}
