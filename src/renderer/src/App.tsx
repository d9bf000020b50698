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
import { Header } from './features/shell/Header';
import { LatencyWaterfall } from './features/metrics/LatencyWaterfall';
import { MetricsCharts } from './features/metrics/MetricsCharts';
import { DiffView } from './features/diff/DiffView';
import { RecordingsPanel } from './features/replay/RecordingsPanel';
import { ReplayTransport } from './features/replay/ReplayTransport';
import { Timeline } from './features/timeline/Timeline';

function Shell() {
  useMenuAndShortcuts();
  return (
    <div className="app" data-testid="app">
      <Header />
      <RefusedNotice />
      <ErrorBanner />
      <main className="layout">
        <aside className="pane pane-left" data-testid="pane-left" aria-label="Controls and configuration">
          <SessionControls />
          <RecordingsPanel />
          <ConfigEditor />
        </aside>
        <section className="pane pane-center" data-testid="pane-center" aria-label="Timeline">
          <ReplayTransport />
          <DiffView />
          <Timeline />
          <LatencyWaterfall />
          <MetricsCharts />
        </section>
        <aside className="pane pane-right" data-testid="pane-right" aria-label="Diagnostics and inspector">
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
