import type { ServerResponse } from 'node:http'
import { LoopbackServer, pause, sendJson, startSse } from '../../tests/support/loopback-server'
import { ChatStream, usage } from '../../tests/support/openai-wire'
import type { StreamedAnswer } from './markdown-answer'

/**
 * An OpenAI-style chat server on 127.0.0.1 that streams a given answer at a steady pace, as a
 * model generating at a fixed rate does: piece i leaves at start + i × interval, whatever the
 * timer's jitter (a late tick sends everything due at once, so the average rate holds).
 */

export interface PacedChatServer {
  url: string
  /** The answer every request gets from now on. */
  setAnswer(answer: StreamedAnswer): void
  close(): Promise<void>
}

export async function startPacedChatServer(options: { piecesPerSecond: number }): Promise<PacedChatServer> {
  const intervalMs = 1000 / options.piecesPerSecond
  let answer: StreamedAnswer | null = null
  /** SSE frames of the answer, per model (the model is named in every chunk). */
  let frames = new Map<string, string[]>()

  const framesFor = (model: string, current: StreamedAnswer): string[] => {
    let made = frames.get(model)
    if (!made) {
      made = current.pieces.map((piece) => new ChatStream({ model }).text(piece).toSse({ done: false }))
      frames.set(model, made)
    }
    return made
  }

  const stream = async (response: ServerResponse, model: string, current: StreamedAnswer): Promise<void> => {
    const pieces = framesFor(model, current)
    startSse(response)
    response.write(new ChatStream({ model }).role().toSse({ done: false }))
    const start = performance.now()
    let sent = 0
    while (sent < pieces.length) {
      if (response.destroyed) return
      const due = Math.min(pieces.length, Math.floor((performance.now() - start) / intervalMs) + 1)
      if (due > sent) {
        response.write(pieces.slice(sent, due).join(''))
        sent = due
      }
      await pause(Math.max(1, start + sent * intervalMs - performance.now()))
    }
    response.end(new ChatStream({ model }).finish('stop').usage(usage(20, current.tokens)).toSse())
  }

  const server = await LoopbackServer.start(async (request, response) => {
    if (request.path !== '/v1/chat/completions' || !answer) return sendJson(response, 404, { error: { message: 'no route', type: 'invalid_request_error', param: null, code: null } })
    return stream(response, String(request.body?.model ?? ''), answer)
  })
  return {
    url: server.url,
    setAnswer(next) {
      answer = next
      frames = new Map()
    },
    close: () => server.close()
  }
}
