// Imported first by main.ts (before any other module can create a Date): see ./timezone.ts.
import { useParisTimeZone } from './timezone';

useParisTimeZone();
