import { describe, expect, it } from 'vitest'
import { exited, forkTs, open, tempDir } from '../support/store'

// A child process streams an answer through the real writer (one-second flushes) and is
// SIGKILLed mid-stream, between two flushes, just after a second answer finished.

type ChildMessage =
  | { type: 'ready'; conversationId: number; streamingId: number; finishedId: number }
  | { type: 'appended'; length: number }
  | { type: 'flushed'; length: number }
  | { type: 'finished' }

function chunk(index: number): string {
  return `chunk ${index} — 日本語 ${index}; `
}

function expectedText(length: number): string {
  let text = ''
  for (let index = 0; text.length < length; index++) text += chunk(index)
  return text.slice(0, length)
}

describe('a process killed while streaming', () => {
  it('keeps the text up to the last flush, marks the answer interrupted, and keeps finished answers whole', async () => {
    const dataDir = tempDir()
    const child = forkTs('./store-crash-child.ts', [dataDir])
    const exit = exited(child)

    let ready: Extract<ChildMessage, { type: 'ready' }> | undefined
    const flushes: Array<{ length: number; at: number }> = []
    const appends: Array<{ length: number; at: number }> = []
    let finishedAt = 0
    const killed = new Promise<number>((resolve) => {
      child.on('message', (message: ChildMessage) => {
        const at = performance.now()
        if (message.type === 'ready') ready = message
        if (message.type === 'appended') appends.push({ length: message.length, at })
        if (message.type === 'finished') finishedAt = at
        if (message.type !== 'flushed') return
        flushes.push({ length: message.length, at })
        // After the second flush: finish the other answer 300 ms into the next interval, kill at 600 ms.
        if (flushes.length === 2) {
          setTimeout(() => child.send({ type: 'finish' }), 300)
          setTimeout(() => {
            const killAt = performance.now()
            child.kill('SIGKILL')
            resolve(killAt)
          }, 600)
        }
      })
    })
    const killAt = await killed
    const { signal, stderr } = await exit
    expect(stderr).toBe('')
    expect(signal).toBe('SIGKILL')
    expect(finishedAt).toBeGreaterThan(0)

    const { store, notices } = open({ dataDir })
    expect(notices).toEqual(['One answer was cut off when Juxta last stopped; the text received until then is kept.'])

    const interrupted = store.responses.get(ready!.streamingId)!
    expect(interrupted.status).toBe('interrupted')
    // Everything the last flush before the kill saved is there, in order, and nothing more than was streamed.
    const lastFlush = flushes.filter((flush) => flush.at < killAt).at(-1)!
    expect(interrupted.text.length).toBeGreaterThanOrEqual(lastFlush.length)
    expect(interrupted.text).toBe(expectedText(interrupted.text.length))
    const streamedBeforeKill = appends.filter((append) => append.at < killAt).at(-1)!.length
    expect(interrupted.text.length).toBeLessThanOrEqual(streamedBeforeKill + 200)
    // The promise of the flush interval: what streamed a second before the kill is saved.
    const streamedASecondBefore = appends.filter((append) => append.at < killAt - 1000).at(-1)!.length
    expect(interrupted.text.length).toBeGreaterThanOrEqual(streamedASecondBefore)

    // The answer that finished between two timed flushes is complete.
    const finished = store.responses.get(ready!.finishedId)!
    expect(finished.status).toBe('done')
    expect(finished.finishReason).toBe('stop')
    expect(finished.usage?.outputTokens).toBe(7)
    expect(finished.text.length).toBeGreaterThan(lastFlush.length)
    expect(finished.text).toBe(expectedText(finished.text.length))

    // Interrupted answers are searchable like finished ones.
    expect(store.listConversations({ search: '日本語 3;' }).map((summary) => summary.id)).toEqual([ready!.conversationId])
  })
})
