/**
 * The map of the public search (Leaflet + leaflet.markercluster), loaded on demand: the list of
 * results is the page's primary content and works without it. No tile server reachable → the map
 * stays grey but the markers, clusters and popups still work.
 */
import * as Leaflet from 'leaflet';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import type { LieuSummary, PublicConfig } from './api';

// leaflet.markercluster is a UMD script that extends a global, mutable `L`.
type LeafletWithCluster = typeof Leaflet;
let loaded: Promise<LeafletWithCluster> | undefined;
function leaflet(): Promise<LeafletWithCluster> {
  loaded ??= (async () => {
    const L = { ...Leaflet } as LeafletWithCluster;
    (globalThis as unknown as { L: LeafletWithCluster }).L = L;
    await import('leaflet.markercluster');
    return L;
  })();
  return loaded;
}

/** Landes, when there is nothing to show yet. */
const DEFAULT_CENTER: [number, number] = [43.95, -0.85];
const DEFAULT_ZOOM = 8;

export interface MapHandle {
  show(items: LieuSummary[]): void;
  /** Opens the popup of a lieu and moves the keyboard focus to the map. */
  focusLieu(id: string): boolean;
  setPoint(lat: number | null, lon: number | null): void;
  /** The next click on the map calls back with its coordinates. */
  pickPoint(onPick: (lat: number, lon: number) => void): void;
  /** After the container was hidden (phone « Liste » view) or resized: measure again and refit. */
  resize(): void;
  destroy(): void;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function createMap(container: HTMLElement, config: PublicConfig['carte']): Promise<MapHandle> {
  const L = await leaflet();
  const map = L.map(container, {
    center: DEFAULT_CENTER,
    zoom: DEFAULT_ZOOM,
    zoomControl: false,
    attributionControl: true,
    keyboardPanDelta: 120,
    // No fading: popups are readable (and checkable) as soon as they open.
    fadeAnimation: false,
  });
  L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer', position: 'topright' }).addTo(map);
  map.attributionControl.setPrefix(false);
  if (config.tuiles) {
    // The attribution is configuration text: shown as text, never as HTML.
    L.tileLayer(config.tuiles, { attribution: escapeHtml(config.attribution), maxZoom: 19, subdomains: 'abc', crossOrigin: false }).addTo(map);
  }
  // Leaflet's English labels, in French.
  for (const a of container.querySelectorAll('.leaflet-control-zoom-in, .leaflet-control-zoom-out')) a.setAttribute('aria-label', a.getAttribute('title') ?? '');
  map.on('popupopen', (e) => {
    const close = e.popup.getElement()?.querySelector('.leaflet-popup-close-button');
    close?.setAttribute('aria-label', 'Fermer la fiche');
    close?.setAttribute('title', 'Fermer la fiche');
  });

  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 50,
    iconCreateFunction: (cluster) => {
      const n = cluster.getChildCount();
      return L.divIcon({
        className: 'carte-groupe',
        html: `<span aria-hidden="true">${n}</span><span class="visuellement-cache">Groupe de ${n} lieux, agrandir</span>`,
        iconSize: [40, 40],
      });
    },
  });
  map.addLayer(clusters);
  const markers = new Map<string, Leaflet.Marker>();
  let lastBounds: Leaflet.LatLngBounds | undefined;
  let point: Leaflet.CircleMarker | undefined;
  let picking: ((lat: number, lon: number) => void) | undefined;

  const popupOf = (lieu: LieuSummary) => {
    const box = document.createElement('div');
    const title = document.createElement('a');
    title.href = `/lieux/${encodeURIComponent(lieu.id)}`;
    title.dataset.lien = '';
    title.className = 'carte-popup__titre';
    title.textContent = lieu.nom;
    const address = document.createElement('p');
    address.textContent = `${lieu.adresse}, ${lieu.code_postal} ${lieu.commune}`;
    box.append(title, address);
    return box;
  };

  map.on('click', (e: Leaflet.LeafletMouseEvent) => {
    if (!picking) return;
    const done = picking;
    picking = undefined;
    container.classList.remove('carte--choix');
    done(e.latlng.lat, e.latlng.lng);
  });

  return {
    show(items) {
      map.closePopup();
      clusters.clearLayers();
      markers.clear();
      const located = items.filter((l) => l.latitude !== null && l.longitude !== null);
      for (const lieu of located) {
        const marker = L.marker([lieu.latitude!, lieu.longitude!], {
          keyboard: true,
          title: lieu.nom,
          icon: L.divIcon({
            className: 'carte-repere',
            html: `<span class="visuellement-cache">${escapeHtml(lieu.nom)}</span>`,
            iconSize: [26, 26],
            iconAnchor: [13, 26],
            popupAnchor: [0, -24],
          }),
        });
        marker.bindPopup(() => popupOf(lieu));
        markers.set(lieu.id, marker);
        clusters.addLayer(marker);
      }
      lastBounds = undefined;
      if (point || located.length) {
        const bounds = L.latLngBounds(located.map((l) => [l.latitude!, l.longitude!] as [number, number]));
        if (point) bounds.extend(point.getLatLng());
        lastBounds = bounds.pad(0.1);
        // A hidden container (phone « Liste » view) has no size: fitted again by resize().
        if (container.clientWidth > 0) map.fitBounds(lastBounds, { maxZoom: 14 });
      }
    },
    focusLieu(id) {
      const marker = markers.get(id);
      if (!marker) return false;
      clusters.zoomToShowLayer(marker, () => {
        marker.openPopup();
        const link = marker.getPopup()?.getElement()?.querySelector<HTMLElement>('a[data-lien]');
        (link ?? container).focus();
      });
      return true;
    },
    setPoint(lat, lon) {
      point?.remove();
      point = undefined;
      if (lat === null || lon === null) return;
      point = L.circleMarker([lat, lon], { radius: 9, color: '#a4001c', weight: 3, fillColor: '#ffbf47', fillOpacity: 0.9, interactive: false }).addTo(map);
    },
    pickPoint(onPick) {
      picking = onPick;
      container.classList.add('carte--choix');
    },
    resize() {
      // Only when the container was hidden or changed size: a refit would cancel a running zoom
      // (« Voir sur la carte »).
      const before = map.getSize();
      map.invalidateSize({ pan: false });
      const after = map.getSize();
      if (before.equals(after) || after.x === 0) return;
      if (lastBounds) map.fitBounds(lastBounds, { maxZoom: 14, animate: false });
    },
    destroy() {
      // Leaving the page while Leaflet animates (zoom, clusters): its pending callbacks would read
      // the removed panes. Stop, let them end on the detached container, then remove.
      map.off();
      map.stop();
      setTimeout(() => map.remove(), 1_000);
    },
  };
}
