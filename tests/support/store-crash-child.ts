// Streams an answer through a ResponseWriter until the parent kills it with SIGKILL:
// `node --import bench/ts-hooks.mjs store-crash-child.ts DATA_DIR`. It reports over IPC
// what it appended and what each timed flush saved, so the parent knows what must survive.
import { openStore } from '../../src/main/store/open-store'
import type { RepeatTimer } from '../../src/main/store/response-writer'

const [dataDir] = process.argv.slice(2)
const send = (message: object): void => {
  process.send!(message)
}

function chunk(index: number): string {
  return `chunk ${index} — 日本語 ${index}; `
}

const { store } = openStore({ dataDir: dataDir! })
const { conversation, panes } = store.conversations.create({
  title: 'crash',
  panes: [
    { profileId: 'oa', modelId: 'gpt-4o-mini' },
    { profileId: 'an', modelId: 'claude-haiku-4-5' }
  ]
})
const turn = store.conversations.addTurn(conversation.id, { prompt: 'stream until killed' })

let streamedLength = 0
// The real one-second interval, reporting after each flush how much text it had saved.
const reportingTimer: RepeatTimer = (flush, intervalMs) => {
  const handle = setInterval(() => {
    flush()
    send({ type: 'flushed', length: streamedLength })
  }, intervalMs)
  return () => clearInterval(handle)
}
const streaming = store.startResponse(turn.id, panes[0]!.id, { timer: reportingTimer })
const finishing = store.startResponse(turn.id, panes[1]!.id)
send({ type: 'ready', conversationId: conversation.id, streamingId: streaming.id, finishedId: finishing.id })

let index = 0
setInterval(() => {
  const text = chunk(index++)
  streaming.appendText(text)
  streamedLength += text.length
  finishing.appendText(text)
  send({ type: 'appended', length: streamedLength })
}, 20)

// The parent asks for the second answer to finish between two timed flushes, then kills us.
process.on('message', (message: { type: string }) => {
  if (message.type !== 'finish') return
  finishing.finish({
    finishReason: 'stop',
    usage: { inputTokens: 5, outputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false }
  })
  send({ type: 'finished' })
})
