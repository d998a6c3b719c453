import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { eventually, type PlatformHarness } from './platform.harness';

// Shared by the directory's browser specs (directory-browser, directory-import-browser).

/** A local port nobody listens on: the tile server of this test is unreachable, like the internet here. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

export const base = (nom: string, extra: Record<string, unknown>) => ({
  nom,
  adresse: '12 rue Victor Hugo',
  code_postal: '40000',
  commune: 'Mont-de-Marsan',
  code_insee: '40192',
  latitude: 43.8906,
  longitude: -0.4997,
  services: ['aide-demarches-administratives'],
  ...extra,
});

/** Elements under `scope` that stick out of the screen or clip their content (the page scrolling sideways included). */
export function offScreen(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((root) => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`page : ${document.documentElement.scrollWidth} px`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(`${root} *`))) {
      if (el.closest('.visuellement-cache, .carte-lieux')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 0.5 || r.left < -0.5) out.push(`${el.tagName.toLowerCase()} hors de l’écran : ${el.textContent?.slice(0, 50)}`);
      if (getComputedStyle(el).overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()} coupé : ${el.textContent?.slice(0, 50)}`);
    }
    return out;
  }, scope);
}

/** Creates the given lieux in the référent's first structure and waits until the search finds them all; ids by name. */
export async function createLieux(h: PlatformHarness, lieux: ReturnType<typeof base>[]): Promise<Record<string, string>> {
  const structures = await h.call('GET', '/api/v1/structures', { user: 'referent' });
  if (structures.status !== 200) throw new Error(`structures: ${structures.status}`);
  const structureId = structures.json.items[0].id as string;
  const ids: Record<string, string> = {};
  for (const data of lieux) {
    const r = await h.call('POST', '/api/v1/lieux', { user: 'referent', body: { structure_id: structureId, ...data } });
    if (r.status !== 201) throw new Error(`${data.nom}: ${r.status} ${JSON.stringify(r.json)}`);
    ids[data.nom] = r.json.id;
  }
  // The search index follows the writes (eventually).
  await eventually(() => h.call('GET', '/api/v1/lieux?pageSize=100'), (r) => r.status === 200 && lieux.every((l) => r.json.items.some((i: { nom: string }) => i.nom === l.nom)), 20_000);
  return ids;
}
