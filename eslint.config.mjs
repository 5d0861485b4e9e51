// ESLint: typescript-eslint's recommended type-checked rules over every TypeScript file, with Prettier's
// formatting rules off (Prettier checks the format). A rule turned off says why, in one line.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**', 'data/**', 'src/graphql/__generated__/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `async` without `await` implements Promise-returning interfaces (memory stores) and turns throws into rejections.
      '@typescript-eslint/require-await': 'off',
      // Our validators match control characters on purpose: refusing them is what they are for.
      'no-control-regex': 'off',
      // An abort rejects with the signal's own reason, whatever it is, as Node's own APIs do.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // An unused parameter or a destructured-away field documents a signature; a leading underscore marks it.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/catalogue/store/migrations.ts', 'src/catalogue/store/openStore.ts'],
    // Migrations run on `Kysely<any>`, as Kysely documents: the schema they build is not the one they start from.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts', 'demo/**/*.ts'],
    rules: {
      // Tests and tools read GraphQL and JSON answers as `any`: the assertions that follow check their shape.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // `expect(object.method)` passes a method to Jest's matchers, which never call it unbound.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
