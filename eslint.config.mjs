// One linter, run by `npm test`: correctness rules plus the house formatting, so style is
// never argued in review.
import js from '@eslint/js'
import stylistic from '@stylistic/eslint-plugin'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: [ '.build/', 'node_modules/', 'test-output/' ] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: [ '**/*.cjs' ],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      eqeqeq: [ 'error', 'always' ],
      'no-var': 'error',
      'prefer-const': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [ 'error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' } ],
      '@stylistic/indent': [ 'error', 2 ],
      '@stylistic/semi': [ 'error', 'never' ],
      '@stylistic/quotes': [ 'error', 'single', { avoidEscape: true } ],
      '@stylistic/comma-dangle': [ 'error', 'always-multiline' ],
      '@stylistic/space-before-function-paren': [ 'error', 'always' ],
      '@stylistic/brace-style': [ 'error', 'stroustrup', { allowSingleLine: true } ],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/no-multiple-empty-lines': [ 'error', { max: 1 } ],
      // Long user-facing text belongs in src/views/labels.ts, split into phrases.
      '@stylistic/max-len': [ 'error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true } ],
    },
  },
  {
    // A test's name and its expected text read best whole.
    files: [ 'test/**' ],
    rules: {
      '@stylistic/max-len': [ 'error', {
        code: 140, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true,
      } ],
    },
  },
)
