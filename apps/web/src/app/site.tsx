import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { api } from './api';

/** The Département's identity, from the gateway's configuration (`GET /api/v1/site`). */
export interface Site {
  name: string;
  shortName: string;
  logoUrl?: string | null;
}

export const DEFAULT_SITE: Site = { name: 'Département des Landes', shortName: 'PIN Landes', logoUrl: null };

const SiteContext = createContext<Site>(DEFAULT_SITE);

export function SiteProvider({ children }: { children: ComponentChildren }) {
  const [site, setSite] = useState<Site>(DEFAULT_SITE);
  useEffect(() => {
    void api.get<Partial<Site>>('/api/v1/site').then((res) => {
      if (res.ok && res.data && typeof res.data.name === 'string') setSite({ ...DEFAULT_SITE, ...res.data });
    });
  }, []);
  return <SiteContext.Provider value={site}>{children}</SiteContext.Provider>;
}

export const useSite = () => useContext(SiteContext);
