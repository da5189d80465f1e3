// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Plain Node.js scripts (the CommonJS helpers under test/support): linted without type information. */
const nodeGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  __dirname: 'readonly',
  __filename: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  URL: 'readonly',
};

const unusedVars = {
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_',
};

export default defineConfig(
  // Tool configuration at the top level (eslint.config.mjs, vitest.config.mts) is outside the TypeScript project.
  globalIgnores(['dist/', 'node_modules/', 'data/', 'coverage/', '*.config.{js,cjs,mjs,ts,mts,cts}']),
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-console': 'error',
      'no-unused-vars': ['error', unusedVars],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through APP_CONFIG (src/config); only src/config reads the environment.',
        },
      ],
    },
  },

  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', unusedVars],
      // Nest modules and DTO holders are decorated classes with empty bodies.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Not enabled on purpose: `import type` erases the constructor types Nest reads through
      // emitDecoratorMetadata, which silently breaks dependency injection.
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },

  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },

  // Programs whose job is to talk to a terminal.
  {
    files: ['src/cli.ts', 'src/cli/**', 'src/main.ts', 'bench/**', 'scripts/**', '.ci/**', 'test/support/**'],
    rules: { 'no-console': 'off' },
  },

  // The environment is read by the configuration module, and by tests and benchmarks that set it up.
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'scripts/**', '**/*.spec.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },

  // On SQLite TypeORM's transaction takes in the statements other requests run meanwhile (src/database/sqlite-gate.ts).
  {
    files: ['src/**/*.ts'],
    ignores: ['src/database/transactions.ts', 'src/database/sqlite-group-commit.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression > MemberExpression.callee[property.name='transaction']",
          message: 'Run transactions through Transactions.run (src/database/transactions.ts).',
        },
        {
          // MariaDB connections take several statements per query (AtomicWrite): SQL is never built from values.
          selector:
            "CallExpression[callee.property.name='query'] > TemplateLiteral.arguments:first-child[expressions.length>0]",
          message:
            'Pass values as query parameters, never in the SQL text (docs/security.md, "Rules and their sources").',
        },
      ],
    },
  },

  // Tests read HTTP answers, whose bodies are untyped JSON; asserting on them is their job.
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
