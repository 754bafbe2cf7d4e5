import type { ProviderProfile } from '../../shared/profiles'

/**
 * Endpoints people use most, ready to add as profiles. Every OpenAI-compatible server speaks
 * the "openai" wire format at its own base URL; local servers need no key and cost nothing.
 * Models are left empty: they come from the endpoint's /models and the catalog.
 */
export const PROFILE_PRESETS: readonly ProviderProfile[] = [
  preset('openai', 'openai', 'OpenAI', 'https://api.openai.com/v1', 'OPENAI_API_KEY'),
  preset('anthropic', 'anthropic', 'Anthropic', 'https://api.anthropic.com', 'ANTHROPIC_API_KEY'),
  preset('openrouter', 'openai', 'OpenRouter', 'https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY'),
  preset('gemini', 'openai', 'Google Gemini', 'https://generativelanguage.googleapis.com/v1beta/openai', 'GEMINI_API_KEY'),
  preset('groq', 'openai', 'Groq', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY'),
  preset('deepseek', 'openai', 'DeepSeek', 'https://api.deepseek.com/v1', 'DEEPSEEK_API_KEY'),
  preset('mistral', 'openai', 'Mistral', 'https://api.mistral.ai/v1', 'MISTRAL_API_KEY'),
  preset('together', 'openai', 'Together AI', 'https://api.together.xyz/v1', 'TOGETHER_API_KEY'),
  preset('xai', 'openai', 'xAI', 'https://api.x.ai/v1', 'XAI_API_KEY'),
  local('ollama', 'Ollama', 'http://127.0.0.1:11434/v1'),
  local('lmstudio', 'LM Studio', 'http://127.0.0.1:1234/v1'),
  local('vllm', 'vLLM', 'http://127.0.0.1:8000/v1'),
  local('llamacpp', 'llama.cpp server', 'http://127.0.0.1:8080/v1')
]

export function findPreset(id: string): ProviderProfile | undefined {
  return PROFILE_PRESETS.find((profile) => profile.id === id)
}

function preset(
  id: string,
  kind: ProviderProfile['kind'],
  name: string,
  baseURL: string,
  apiKeyEnv: string
): ProviderProfile {
  return { id, kind, name, baseURL, apiKeyEnv, models: [] }
}

function local(id: string, name: string, baseURL: string): ProviderProfile {
  return { id, kind: 'openai', name, baseURL, local: true, models: [] }
}
