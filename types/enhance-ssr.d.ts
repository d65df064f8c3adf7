// @enhance/ssr ships no types of its own.
declare module '@enhance/ssr' {
  import type { EnhanceElemFn, EnhanceHtmlFn } from '@enhance/types'

  interface EnhanceOptions {
    elements?: Record<string, EnhanceElemFn>
    initialState?: Record<string, unknown>
    bodyContent?: boolean
    enhancedAttr?: boolean
  }

  export default function enhance (options?: EnhanceOptions): EnhanceHtmlFn
}
