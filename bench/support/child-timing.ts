import { spawn } from 'node:child_process'
import { ROOT } from './paths'

/**
 * Runs a small ES module script in a fresh Node process (from the checkout, so its packages
 * resolve) and returns the number it prints last: a timing that must not find anything already
 * loaded or compiled by the benchmark's own process.
 */
export function timeInChild(script: string, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill(), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const value = Number(stdout.trim().split('\n').at(-1))
      if (code === 0 && Number.isFinite(value)) resolve(value)
      else reject(new Error(`timing script failed (exit ${code}): ${stderr.trim() || stdout.trim()}`))
    })
  })
}
