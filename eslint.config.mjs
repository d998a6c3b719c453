// Lint at zero warnings: typed rules (floating promises, exhaustive switches) and Nx module
// boundaries with real tags — a service never imports another service, libs never import apps.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const services = ['gateway', 'dev-idp', 'directory', 'mandates', 'training', 'operators', 'labelling', 'mailbox', 'safe', 'web'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'tmp/**', 'coverage/**', '.nx/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...services.map((s) => ({ sourceTag: `scope:${s}`, onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'] })),
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Tests may use loosely typed JSON responses.
    files: ['**/test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The gateway has no database and runs no queue: it takes NATS and Redis from the narrow entry
    // points, so that TypeORM, pg and BullMQ stay out of its memory (bench/README.md « Digital safe »).
    files: ['apps/gateway/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: '@pin/messaging', message: 'Import from @pin/messaging/nats (the full entry loads TypeORM and pg).' },
          { name: '@pin/jobs', message: 'Import from @pin/jobs/redis (the full entry loads BullMQ).' },
          { name: '@pin/persistence', message: 'The gateway has no database.' },
          { name: 'typeorm', message: 'The gateway has no database.' },
          { name: 'pg', message: 'The gateway has no database.' },
          { name: 'bullmq', message: 'The gateway runs no queue.' },
        ],
      }],
    },
  },
  {
    // The deployment consistency test reads each app's config schema on purpose (tooling, not code).
    files: ['deploy/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
