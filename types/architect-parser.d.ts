// @architect/parser ships no types: the lexer, as src/shared/settings/prefs-env.ts uses it.
declare module '@architect/parser' {
  export interface Token {
    type: 'pragma' | 'comment' | 'space' | 'newline' | 'boolean' | 'number' | 'string'
    value: string | number | boolean
    /** 1-based; a CRLF counts as one line break. */
    line: number
    /** 1-based, in characters (a tab is one). */
    column: number
    /** A quoted string as written, quotes included. */
    raw?: string
    quote?: '"' | '\'' | '`'
  }
  interface Parse {
    (code: string): Record<string, unknown>
    /** Every character of `code` as tokens; throws (with `line` and `column`) on what Architect refuses. */
    lexer (code: string): Token[]
  }
  const parse: Parse
  export default parse
}
