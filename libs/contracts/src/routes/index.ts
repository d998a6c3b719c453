import { DIRECTORY_ROUTES } from './directory.routes';
import { MANDATES_ROUTES } from './mandates.routes';
import { OPERATORS_ROUTES } from './operators.routes';
import { TRAINING_ROUTES } from './training.routes';
import { SAFE_ROUTES } from './safe.routes';
import { LABELLING_ROUTES } from './labelling.routes';
import { MAILBOX_ROUTES } from './mailbox.routes';
import type { RouteDef } from './route';

export * from './route';
export { DIRECTORY_ROUTES } from './directory.routes';
export { MANDATES_ROUTES } from './mandates.routes';
export { OPERATORS_ROUTES } from './operators.routes';

/** Every declared route of the API; the key names the route (and its OpenAPI operation). */
export const API_ROUTES: Readonly<Record<string, RouteDef>> = { ...DIRECTORY_ROUTES, ...MANDATES_ROUTES, ...TRAINING_ROUTES, ...OPERATORS_ROUTES, ...LABELLING_ROUTES, ...MAILBOX_ROUTES, ...SAFE_ROUTES };
export { TRAINING_ROUTES } from './training.routes';

export { LABELLING_ROUTES } from './labelling.routes';

export { MAILBOX_ROUTES } from './mailbox.routes';
export { SAFE_ROUTES } from './safe.routes';
