// Shared Jest settings. NestJS 12, jose, openid-client and several of their dependencies are
// ESM-only: Jest's module loader cannot require() them, so @swc/jest transforms every package
// whose package.json says "type": "module" to CommonJS as well (found by scanning node_modules).
const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));

function esmPackages(dir) {
  const found = [];
  const isEsm = (pkgDir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).type === 'module';
    } catch {
      return false;
    }
  };
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      for (const sub of fs.readdirSync(path.join(dir, name))) {
        if (isEsm(path.join(dir, name, sub))) found.push(`${name}/${sub}`);
      }
    } else if (isEsm(path.join(dir, name))) {
      found.push(name);
    }
  }
  return found;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const esm = esmPackages(path.join(root, 'node_modules')).map(escape);
const moduleNameMapper = {};
for (const [alias, targets] of Object.entries(swcrc.jsc.paths)) {
  moduleNameMapper[`^${escape(alias)}$`] = path.join(root, targets[0]);
}

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj|cj)s$': ['@swc/jest', { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: root }, swcrc: false }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esm.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper,
};
