// The two modules of @architect/functions that `arc.tables()` is made of (see src/shared/arc-data.ts).
declare module '@architect/functions/src/discovery/index.js' {
  export default function discovery (callback: (error: Error | null, services: unknown) => void): void
}

declare module '@architect/functions/src/tables/index.js' {
  import type { ArcTables } from '@architect/functions/types/tables'

  export default function tables (arc: { services: () => Promise<unknown> }): ArcTables
}
