// @architect/sandbox ships no types; this is the part of its module API the tests use.
declare module '@architect/sandbox' {
  interface StartOptions {
    cwd?: string
    port?: number
    quiet?: boolean
    /** Replaces prefs.arc's @env for this run, whole. */
    env?: Record<string, string>
  }
  const sandbox: {
    start (options?: StartOptions): Promise<string>
    end (): Promise<string>
  }
  export default sandbox
}

declare module '@architect/inventory' {
  interface Inventory {
    inv: {
      _project: { env: { local?: Record<string, Record<string, string> | null> | null } }
      [key: string]: unknown
    }
    get: Record<string, unknown>
  }
  export default function inventory (options: { cwd: string, deployStage?: string, env?: boolean }): Promise<Inventory>
}

declare module '@architect/package' {
  import type { Inventory } from '@architect/inventory'
  export default function pkg (inventory: Inventory): { Resources: Record<string, { Type: string, Properties: Record<string, unknown> }> }
}

// The plugin is plain JavaScript; its client methods are typed by @aws-lite/dynamodb-types.
declare module '@aws-lite/dynamodb' {
  const plugin: unknown
  export default plugin
}

declare module 'dynalite' {
  import type { Server } from 'node:http'
  export default function dynalite (options?: { path?: string, createTableMs?: number }): Server
}
