// A second (or third) process writing history into the same data directory, for the
// concurrency test: `node --import bench/ts-hooks.mjs store-writer-child.ts DATA_DIR LABEL COUNT`.
import { openStore } from '../../src/main/store/open-store'

const [dataDir, label, countText] = process.argv.slice(2)
const count = Number(countText)
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const { store } = openStore({ dataDir: dataDir!, writer: { flushIntervalMs: 2 } })
// Opened (and migrated, racing the other process); now wait so that both write at the same moment.
await new Promise<void>((resolve) => {
  process.once('message', () => resolve())
  process.send!({ type: 'ready' })
})
for (let i = 0; i < count; i++) {
  const { conversation, panes } = store.conversations.create({
    title: `${label} ${i}`,
    panes: [
      { profileId: 'oa', modelId: 'gpt-4o-mini' },
      { profileId: 'an', modelId: 'claude-haiku-4-5' }
    ]
  })
  const turn = store.conversations.addTurn(conversation.id, { prompt: `${label} prompt ${i}` })
  const writers = panes.map((pane) => store.startResponse(turn.id, pane.id))
  // Both answers stream at once, with timed flushes competing with the other process's writes.
  for (let chunk = 0; chunk < 5; chunk++) {
    for (const writer of writers) writer.appendText(`${label}-${i}-${chunk} `)
    await pause()
  }
  for (const writer of writers) writer.finish({ finishReason: 'stop' })
  if (i % 5 === 0) store.settings.set('showReasoning', i % 2 === 0)
}
store.close()
process.disconnect()
