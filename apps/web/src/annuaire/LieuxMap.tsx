import { useEffect, useRef, useState } from 'preact/hooks';
import type { Ref } from 'preact';
import { fetchPublicConfig, type LieuSummary } from './api';
import type { MapHandle } from './carte-map';

/**
 * The clustered map of the public search (Leaflet + markercluster, loaded on demand) in a
 * component: Leaflet owns the container `<div>` (the ref); the parent drives it through
 * `handle` (focus a lieu, pick a point, measure again). Without a tile server the map stays grey
 * and the markers, clusters and popups still work; if the map cannot load, the list remains.
 */
export function LieuxMap({
  items,
  lat,
  lon,
  handle,
  onReady,
}: {
  items: LieuSummary[];
  lat: number | null;
  lon: number | null;
  handle: Ref<MapHandle | null>;
  onReady?: (ready: boolean) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapHandle | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let alive = true;
    let created: MapHandle | undefined;
    void (async () => {
      const [config, mod] = await Promise.all([fetchPublicConfig(), import('./carte-map').catch(() => undefined)]);
      if (!alive || !box.current) return;
      if (!mod) {
        setFailed(true);
        onReady?.(false);
        return;
      }
      created = await mod.createMap(box.current, config.ok ? config.data.carte : { tuiles: null, attribution: '' });
      if (!alive) {
        created.destroy();
        return;
      }
      setMap(created);
    })();
    return () => {
      alive = false;
      created?.destroy();
    };
  }, []);

  useEffect(() => {
    if (typeof handle === 'function') handle(map);
    else if (handle) handle.current = map;
    if (map) onReady?.(true);
  }, [map]);

  useEffect(() => {
    map?.setPoint(lat, lon);
  }, [map, lat, lon]);

  useEffect(() => {
    map?.show(items);
  }, [map, items]);

  return (
    <>
      <p class="aide" id="aide-carte">
        {failed
          ? 'La carte n’a pas pu être chargée ; la liste des lieux reste disponible.'
          : 'La carte reprend les lieux de la liste. Avec le clavier : Tab pour atteindre la carte puis les repères, flèches pour déplacer la carte, + et − pour zoomer.'}
      </p>
      <div ref={box} id="carte-lieux" class="carte-lieux" role="region" aria-label="Carte des lieux" aria-describedby="aide-carte" />
    </>
  );
}
