import { existsSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { isolatedEnv, useBuiltApp } from '../support/built-app'
import { startWebProcess } from '../support/web-process'

// What the user sees when Juxta started on a damaged data file: the built `juxta web` on a
// juxta.db of garbage, its page in Chromium. The notice must be on screen, not only in app.info.

const chromiumPath = [process.env['JUXTA_CHROMIUM'], '/usr/bin/chromium'].find((path) => path && existsSync(path))
if (!chromiumPath) {
  throw new Error('browser tests need Chromium: apt-get install chromium, or set JUXTA_CHROMIUM to a Chromium binary')
}

const built = useBuiltApp('juxta-notices-')

describe('startup notices in the page', () => {
  it('a data file overwritten with garbage: the page says it was kept aside and a new one started', async () => {
    const dataDir = join(built.dir(), 'data')
    await mkdir(dataDir)
    writeFileSync(join(dataDir, 'juxta.db'), 'garbage, not SQLite '.repeat(300))
    const host = await startWebProcess(built.app().cli, isolatedEnv(dataDir, built.dir()))
    const browser = await chromium.launch({
      executablePath: chromiumPath!,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
    })
    try {
      const page = await browser.newPage()
      await page.goto(host.url.href)
      const notices = page.getByRole('list', { name: 'Notices' })
      await notices.waitFor({ timeout: 20_000 })
      const text = await notices.textContent()
      expect(text).toContain("Juxta's data file could not be read")
      expect(text).toMatch(/It was kept as .*juxta\.db\.corrupt-\d{8}-\d{6}, and a new, empty one was started/)
      // The app is usable underneath it.
      await page.getByRole('textbox', { name: 'Prompt' }).waitFor({ timeout: 20_000 })
    } finally {
      await browser.close()
      await host.kill()
    }
  })
})
