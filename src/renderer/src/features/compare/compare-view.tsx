import { useJuxtaStore } from '../../store'
import { Composer } from '../composer/composer'
import { DiffView } from './diff-view'
import { PaneView } from './pane-view'
import { RunSummaryView } from './run-summary-view'
import './compare.css'

/** The comparison: the panes side by side (columns or a grid), the summary and diff, the composer. */
export function CompareView() {
  const paneIds = useJuxtaStore((state) => state.paneIds)
  const layout = useJuxtaStore((state) => state.layout)
  const diffOpen = useJuxtaStore((state) => state.diff !== null)
  return (
    <main className="compare-view">
      <div className={`panes panes-${layout}`} role="group" aria-label="Panes">
        {paneIds.map((id, index) => (
          <PaneView key={id} id={id} index={index} count={paneIds.length} />
        ))}
      </div>
      <RunSummaryView />
      {diffOpen && <DiffView />}
      <Composer />
    </main>
  )
}
