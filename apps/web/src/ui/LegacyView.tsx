import { useEffect, useRef } from 'preact/hooks';
import type { View, ViewContext } from '../view';
import { useSession } from '../app/session';
import { useSite } from '../app/site';

/**
 * Transitional: renders a page still written with the DOM builder (`View`) inside the Preact
 * shell. Removed once every page is a component.
 */
export function LegacyView({ view, path }: { view: (ctx: ViewContext) => View; path: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { session, reload } = useSession();
  const site = useSite();
  useEffect(() => {
    const built = view({ session, path, retry: reload });
    document.title = `${built.title} — ${site.shortName}`;
    ref.current?.replaceChildren(...built.content);
  }, [view, session, path]);
  return <div ref={ref} />;
}
