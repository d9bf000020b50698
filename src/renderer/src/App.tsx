/**
 * The studio shell: header, error banner, and three panes — controls and config on the left,
 * the timeline in the center, diagnostics and the inspector on the right.
 */
import { useMemo } from 'react';
import type { StudioClient } from '../../shared/studio-api';
import { StudioContext } from './bridge/studio-context';
import type { StudioActions } from './bridge/studio-actions';
import { useMenuAndShortcuts } from './features/commands/use-commands';
import { ConfigEditor } from './features/config/ConfigEditor';
import { RefusedNotice } from './features/connection/RefusedNotice';
import { DiagnosticsPanel } from './features/diagnostics/DiagnosticsPanel';
import { ErrorBanner } from './features/errors/ErrorBanner';
import { InspectorTabs } from './features/inspector/InspectorTabs';
import { SessionControls } from './features/session-controls/SessionControls';
import { CenterNav } from './features/shell/CenterNav';
import { Header } from './features/shell/Header';
import { gridColumns } from './features/shell/pane-layout';
import { PaneToggle } from './features/shell/PaneToggle';
import './features/shell/panes.css';
import { usePanes } from './features/shell/use-panes';
import { LatencyWaterfall } from './features/metrics/LatencyWaterfall';
import { MetricsCharts } from './features/metrics/MetricsCharts';
import { DiffView } from './features/diff/DiffView';
import { RecordingsPanel } from './features/replay/RecordingsPanel';
import { ReplayTransport } from './features/replay/ReplayTransport';
import { Timeline } from './features/timeline/Timeline';

/** Below this width the layout stacks the panes in one column (layout.css). */
const STACKED_MAX_PX = 900;

function Shell() {
  useMenuAndShortcuts();
  const { panes, windowWidth, toggle } = usePanes();
  return (
    <div className="app" data-testid="app">
      <Header />
      <RefusedNotice />
      <ErrorBanner />
      <main
        className="layout"
        style={
          windowWidth > STACKED_MAX_PX ? { gridTemplateColumns: gridColumns(panes, windowWidth) } : undefined
        }
      >
        <aside
          className="pane pane-left"
          data-testid="pane-left"
          data-collapsed={panes.leftCollapsed}
          aria-label="Controls and configuration"
        >
          <PaneToggle
            side="left"
            name="controls"
            collapsed={panes.leftCollapsed}
            onToggle={() => toggle('left')}
          />
          <SessionControls />
          <RecordingsPanel />
          <ConfigEditor />
        </aside>
        <section className="pane pane-center" data-testid="pane-center" aria-label="Timeline">
          <CenterNav />
          <ReplayTransport />
          <DiffView />
          <Timeline />
          <LatencyWaterfall />
          <MetricsCharts />
        </section>
        <aside
          className="pane pane-right"
          data-testid="pane-right"
          data-collapsed={panes.rightCollapsed}
          aria-label="Diagnostics and inspector"
        >
          <PaneToggle
            side="right"
            name="inspector"
            collapsed={panes.rightCollapsed}
            onToggle={() => toggle('right')}
          />
          <DiagnosticsPanel />
          <InspectorTabs />
        </aside>
      </main>
    </div>
  );
}

export function App({ client, actions }: { client: StudioClient; actions: StudioActions }) {
  const value = useMemo(() => ({ client, actions }), [client, actions]);
  return (
    <StudioContext.Provider value={value}>
      <Shell />
    </StudioContext.Provider>
  );
}
