import type { CurrentUser } from './api';

/** What a page is and what it is given: the types every page imports (kept apart from the shell's pages, so that pages never import the shell). */
export type Session =
  | { state: 'loading' }
  | { state: 'signedOut' }
  | { state: 'signedIn'; user: CurrentUser }
  | { state: 'error'; message: string };

export interface View {
  title: string;
  content: Node[];
}

export interface ViewContext {
  session: Session;
  path: string;
  retry: () => void;
}
