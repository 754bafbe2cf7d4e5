import { AnthropicProvider } from './anthropic/anthropic-provider'
import { OpenAIProvider } from './openai/openai-provider'
import { ProviderRegistry } from './registry'

/** A registry with both wire formats Juxta speaks. */
export function createDefaultRegistry(): ProviderRegistry {
  return new ProviderRegistry()
    .register('openai', (options) => new OpenAIProvider(options))
    .register('anthropic', (options) => new AnthropicProvider(options))
}

/** The process-wide registry: main's services share one set of clients and connection pools. */
export const defaultRegistry: ProviderRegistry = createDefaultRegistry()
