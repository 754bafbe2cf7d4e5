import type { GenerationRequest, GenerationResult, Usage } from '../../shared/generation'
import { emptyUsage } from '../../shared/generation'
import { type ProviderKind, type ProviderProfile, httpUrlProblem } from '../../shared/profiles'
import type { StreamPart } from '../../shared/stream-parts'
import { estimateChatTokens, estimateTextTokens, type TokenEstimate } from '../tokens/chat-tokens'
import type { AdapterPart, EmitAdapterPart } from './adapter-parts'
import { collectStream } from './collect-stream'
import { ProviderError } from './provider-error'
import { pullFromPush } from './pull-from-push'
import { DEFAULT_RETRY_POLICY, type EmitPart, type RetryPolicy, type Sleep, abortableSleep, sendWithRetries } from './retries'
import { toProviderError } from './sdk-errors'
import { DEFAULT_STALL_TIMEOUTS, type StallTimeouts, StallWatchdog } from './stall-timeouts'

export type { TokenEstimate }

export interface ModelInfo {
  id: string
  name?: string
  ownedBy?: string
  contextWindow?: number
  createdAt?: string
}

/** A problem with a profile, naming the field to fix. */
export interface ConfigIssue {
  field: string
  message: string
}

export interface ProviderOptions {
  profile: ProviderProfile
  /** The key, resolved by the caller from the keychain or environment. Never leaves main. */
  apiKey?: string
  timeouts?: Partial<StallTimeouts>
  retry?: Partial<RetryPolicy>
  /** Injected so tests can run retries without waiting. */
  sleep?: Sleep
}

/** One endpoint of one wire format. Keeps no conversation state between calls. */
export interface Provider {
  readonly id: string
  readonly kind: ProviderKind
  readonly profile: ProviderProfile
  /** Never throws: failures arrive as an `error` part, and the stream always ends with `finish`. */
  stream(request: GenerationRequest, signal?: AbortSignal): AsyncIterable<StreamPart>
  /**
   * The same parts as `stream`, handed to `onPart` as they arrive: the fast path for the engine,
   * which handles each part synchronously. Resolves after `finish`; rejects only if `onPart` throws.
   */
  streamTo(request: GenerationRequest, onPart: EmitPart, signal?: AbortSignal): Promise<void>
  /** The whole answer; throws ProviderError on failure or cancellation. */
  generate(request: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult>
  estimateTokens(request: GenerationRequest): Promise<TokenEstimate>
  validateConfig(): ConfigIssue[]
  /** Models the endpoint offers; throws ProviderError. */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>
}

/**
 * Everything vendors have in common: retries, stall timeouts, error mapping and redaction,
 * usage estimation when the server reports none, and the guarantee that a stream ends with
 * exactly one `finish`. An adapter supplies only the vendor's request and event mapping.
 */
export abstract class BaseProvider implements Provider {
  abstract readonly kind: ProviderKind
  readonly id: string
  readonly profile: ProviderProfile
  protected readonly apiKey: string | undefined
  private readonly timeouts: StallTimeouts
  private readonly retryPolicy: RetryPolicy
  private readonly sleep: Sleep

  constructor(options: ProviderOptions) {
    this.profile = options.profile
    this.id = options.profile.id
    this.apiKey = options.apiKey
    this.timeouts = { ...DEFAULT_STALL_TIMEOUTS, ...options.timeouts }
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.sleep = options.sleep ?? abortableSleep
  }

  /** One attempt against the vendor API, emitting parts as they arrive. Throws on failure; see AdapterPart. */
  protected abstract streamOnce(request: GenerationRequest, signal: AbortSignal, emit: EmitAdapterPart): Promise<void>

  protected abstract fetchModels(signal: AbortSignal): Promise<ModelInfo[]>

  stream(request: GenerationRequest, signal: AbortSignal = new AbortController().signal): AsyncIterable<StreamPart> {
    return pullFromPush((push, inner) => this.streamTo(request, push, inner), signal)
  }

  streamTo(request: GenerationRequest, onPart: EmitPart, signal: AbortSignal = new AbortController().signal): Promise<void> {
    return sendWithRetries((_attempt, emit) => this.attempt(request, signal, emit), onPart, this.retryPolicy, signal, this.sleep)
  }

  generate(request: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult> {
    return collectStream(this.stream(request, signal), this.id)
  }

  estimateTokens(request: GenerationRequest): Promise<TokenEstimate> {
    return estimateChatTokens(request)
  }

  validateConfig(): ConfigIssue[] {
    const issues: ConfigIssue[] = []
    const { baseURL, local } = this.profile
    // The same rule as the profile schema's, for profiles built in code (tests, the CLI).
    const urlProblem = baseURL === undefined ? null : httpUrlProblem(baseURL)
    if (urlProblem) issues.push({ field: 'baseURL', message: urlProblem })
    if (!local && !this.apiKey) {
      const source = this.profile.apiKeyEnv ? ` or set ${this.profile.apiKeyEnv}` : ''
      issues.push({ field: 'apiKey', message: `no API key: add one in Settings${source}` })
    }
    return issues
  }

  async listModels(signal: AbortSignal = new AbortController().signal): Promise<ModelInfo[]> {
    try {
      return await this.fetchModels(signal)
    } catch (error) {
      throw this.toError(error)
    }
  }

  protected toError(error: unknown): ProviderError {
    return toProviderError(error, this.id, [this.apiKey])
  }

  /** One attempt, made well-formed: errors become parts, and it always ends with `finish`. */
  private async attempt(request: GenerationRequest, signal: AbortSignal, emit: EmitPart): Promise<void> {
    const controller = new AbortController()
    const forwardAbort = (): void => controller.abort(signal.reason)
    if (signal.aborted) forwardAbort()
    else signal.addEventListener('abort', forwardAbort, { once: true })

    const produced = { text: '', reasoning: '', toolArguments: '' }
    let reported: Usage | undefined
    // Set by the adapter's parts, in a callback control flow analysis cannot follow.
    let finish = undefined as Extract<AdapterPart, { type: 'finish' }> | undefined
    const finalUsage = async (): Promise<Usage> => reported ?? (await this.estimateUsage(request, produced))
    // Once the attempt has failed (a stall), parts the adapter still hands over are not shown.
    let open = true
    const watchdog = new StallWatchdog(this.timeouts, this.id, () => {
      open = false
      controller.abort()
    })
    const onAdapterPart = (part: AdapterPart): void => {
      if (!open) return
      watchdog.touch()
      switch (part.type) {
        case 'finish':
          finish = part
          return
        case 'usage':
          reported = part.usage
          break
        case 'text-delta':
          produced.text += part.text
          break
        case 'reasoning-delta':
          produced.reasoning += part.text
          break
        case 'tool-call':
          produced.toolArguments += part.toolCall.name + JSON.stringify(part.toolCall.arguments)
          break
        case 'response-metadata':
        case 'reasoning-signature':
          break
      }
      emit(part)
    }
    try {
      this.checkRequest(request)
      // The race, once per attempt, ends a stall even if the request ignored its abort.
      await Promise.race([this.streamOnce(request, controller.signal, onAdapterPart), watchdog.stalled])
      open = false
      if (signal.aborted) {
        emit({ type: 'finish', finishReason: 'cancelled', rawFinishReason: null, usage: await finalUsage() })
        return
      }
      const done = finish
      if (!done) {
        throw new ProviderError({ kind: 'network', provider: this.id, detail: 'the stream ended before the answer was complete' })
      }
      emit({ type: 'finish', finishReason: done.finishReason, rawFinishReason: done.rawFinishReason, usage: await finalUsage() })
    } catch (error) {
      open = false
      if (signal.aborted) {
        emit({ type: 'finish', finishReason: 'cancelled', rawFinishReason: null, usage: await finalUsage() })
        return
      }
      emit({ type: 'error', error: this.toError(error).toInfo() })
      emit({ type: 'finish', finishReason: 'error', rawFinishReason: null, usage: await finalUsage() })
    } finally {
      watchdog.stop()
      signal.removeEventListener('abort', forwardAbort)
      // Closes the connection if the consumer stopped early; a no-op after a normal end.
      controller.abort()
    }
  }

  private checkRequest(request: GenerationRequest): void {
    const problem = !request.model.trim()
      ? 'no model given'
      : request.messages.length === 0
        ? 'the conversation has no messages'
        : undefined
    if (problem) throw new ProviderError({ kind: 'bad_request', provider: this.id, detail: problem, retryable: false })
  }

  /** Usage for a stream whose server reported none. Nothing produced means nothing billed. */
  private async estimateUsage(
    request: GenerationRequest,
    produced: { text: string; reasoning: string; toolArguments: string }
  ): Promise<Usage> {
    if (!produced.text && !produced.reasoning && !produced.toolArguments) return emptyUsage(true)
    const [input, text, reasoning, tools] = await Promise.all([
      this.estimateTokens(request),
      estimateTextTokens(request.model, produced.text),
      estimateTextTokens(request.model, produced.reasoning),
      estimateTextTokens(request.model, produced.toolArguments)
    ])
    return {
      ...emptyUsage(true),
      inputTokens: input.inputTokens,
      outputTokens: text + reasoning + tools,
      reasoningTokens: reasoning
    }
  }
}
