#!/usr/bin/env node
// The `juxta` command: checks the Node version, then runs the CLI built into out/main/cli.js
// (npm install builds it through the "prepare" script).
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 16)) {
  process.stderr.write(`juxta needs Node.js 22.16 or newer; this is ${process.version}.\n`)
  process.exit(2)
}

const cli = new URL('../out/main/cli.js', import.meta.url)
import(cli.href).catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('out/main/cli.js')) {
    process.stderr.write('juxta is not built yet: run "npm run build" in the checkout.\n')
  } else {
    process.stderr.write(`juxta failed to start: ${error?.message ?? error}\n`)
  }
  process.exitCode = 1
})
