import { refuseProduction } from './boot/production.guard';

// First of all, before the provider or any other module is loaded.
refuseProduction();

// Imported only once the guard has passed. The `.js` is for TypeScript's nodenext resolution;
// SWC turns this into require('./boot/bootstrap.js'), which is the built file.
import('./boot/bootstrap.js')
  .then(({ bootstrap }) => bootstrap())
  .catch((error: unknown) => {
    process.stderr.write(`${JSON.stringify({ level: 60, service: 'dev-idp', msg: 'dev-idp failed to load', err: String(error) })}\n`);
    process.exit(1);
  });
