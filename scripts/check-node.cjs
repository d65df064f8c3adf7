// Runs before every npm script that runs a .ts file: Node runs TypeScript by type stripping,
// unflagged only from 22.18.0, and an older Node fails with ERR_UNKNOWN_FILE_EXTENSION and a
// stack trace. Plain CommonJS, so that any Node can say in one line what is needed instead.
/* global process, console */
'use strict'
const needed = require('../package.json').engines.node.replace(/^>=\s*/, '')
const found = process.versions.node
const [ a, b ] = [ found, needed ].map(version => version.split('.').map(Number))
const older = a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2]
if (older) {
  console.error(`This project needs Node.js ${needed} or newer (it runs .ts files directly); this is Node.js ${found}.`)
  process.exit(1)
}
