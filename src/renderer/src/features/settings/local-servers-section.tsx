import { useCallback, useEffect, useId, useState } from 'react'
import type { LocalServer } from '../../../../shared/contract/juxta-contract'
import type { Result } from '../../../../shared/contract/result'
import type { ProviderProfile } from '../../../../shared/profiles'
import { juxta } from '../../ipc'
import { Outcome, type OutcomeState } from './fields'

export interface LocalServersSectionProps {
  /** The saved profiles, to tell which servers are added already. */
  saved: ProviderProfile[]
  readOnly: boolean
  onAdded(): void
}

type Detection = { state: 'detecting' } | { state: 'done'; servers: LocalServer[] } | { state: 'failed'; message: string }

const detectionOf = (result: Result<LocalServer[]>): Detection =>
  result.ok ? { state: 'done', servers: result.value } : { state: 'failed', message: result.error.message }

const sameURL = (a: string | undefined, b: string): boolean => a !== undefined && a.replace(/\/+$/, '') === b.replace(/\/+$/, '')

/** A profile id for the server that no saved profile has yet: its preset id, else that id with a number. */
function freeId(base: string, saved: ProviderProfile[]): string {
  const taken = new Set(saved.map((profile) => profile.id))
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

/** Ollama and LM Studio, when running on their usual ports (main probes them), with "Add" for each. */
export function LocalServersSection({ saved, readOnly, onAdded }: LocalServersSectionProps) {
  const client = juxta()
  const headingId = useId()
  const [detection, setDetection] = useState<Detection>({ state: 'detecting' })
  const [outcome, setOutcome] = useState<OutcomeState>(null)

  const detect = useCallback(async (): Promise<void> => {
    setDetection({ state: 'detecting' })
    setDetection(detectionOf(await client.invoke('local.detect', {})))
  }, [client])

  useEffect(() => {
    let current = true
    void client.invoke('local.detect', {}).then((result) => {
      if (current) setDetection(detectionOf(result))
    })
    return () => {
      current = false
    }
  }, [client])

  const add = async (server: LocalServer): Promise<void> => {
    const profile: ProviderProfile = {
      id: freeId(server.id, saved),
      kind: 'openai',
      name: server.name,
      baseURL: server.baseURL,
      local: true,
      models: server.models.map((id) => ({ id }))
    }
    const result = await client.invoke('profiles.save', { profile })
    if (!result.ok) return setOutcome({ tone: 'error', text: result.error.message })
    setOutcome({ tone: 'ok', text: `Added ${server.name} as the profile “${result.value.id}”.` })
    onAdded()
  }

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <div className="settings-section-header">
        <h3 id={headingId}>Local servers</h3>
        <button type="button" disabled={detection.state === 'detecting'} onClick={() => void detect()}>
          Detect again
        </button>
      </div>
      <p className="settings-hint">Ollama (port 11434) and LM Studio (port 1234) on this machine. They need no key and cost nothing.</p>
      {detection.state === 'detecting' && <p className="settings-hint">Looking…</p>}
      {detection.state === 'failed' && (
        <p className="settings-field-error" role="alert">
          {detection.message}
        </p>
      )}
      {detection.state === 'done' && (
        <ul className="settings-local-list" aria-label="Local servers">
          {detection.servers.map((server) => {
            const added = saved.find((profile) => sameURL(profile.baseURL, server.baseURL))
            return (
              <li key={server.id}>
                <div>
                  <strong>{server.name}</strong>{' '}
                  {server.running ? (
                    <span>
                      running at <code>{server.baseURL}</code>, {server.models.length} {server.models.length === 1 ? 'model' : 'models'}
                    </span>
                  ) : (
                    <span className="settings-muted">not running</span>
                  )}
                </div>
                {server.running &&
                  (added ? (
                    <span className="settings-muted">Added as “{added.name || added.id}”</span>
                  ) : (
                    !readOnly && (
                      <button type="button" aria-label={`Add ${server.name}`} onClick={() => void add(server)}>
                        Add
                      </button>
                    )
                  ))}
              </li>
            )
          })}
        </ul>
      )}
      <Outcome outcome={outcome} />
    </section>
  )
}
