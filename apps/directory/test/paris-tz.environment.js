// Jest environment for tests of opening hours: the `opening_hours` library reads a Date's local
// fields, so the worker process must run in Europe/Paris like the directory process does
// (main.ts sets TZ first thing). Setting TZ inside a test only changes Jest's sandboxed copy of
// process.env; this environment sets the real one and restores it afterwards, so other test
// files run by the same worker are not affected. Use with: /** @jest-environment ./apps/directory/test/paris-tz.environment.js */
const { TestEnvironment } = require('jest-environment-node');

class ParisTimeZoneEnvironment extends TestEnvironment {
  async setup() {
    this.previousTz = process.env.TZ;
    process.env.TZ = 'Europe/Paris';
    await super.setup();
  }

  async teardown() {
    if (this.previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = this.previousTz;
    await super.teardown();
  }
}

module.exports = ParisTimeZoneEnvironment;
