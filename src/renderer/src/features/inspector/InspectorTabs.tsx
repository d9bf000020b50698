/**
 * The right pane's views of the session: chat context, tool inspector, event log. Tabs give each
 * the pane's full height; picking a tool call anywhere (timeline, chat, log) brings up the
 * inspector, so a click on the tool lane always shows something.
 */
import { useEffect, useState } from 'react';
import { useStudioStore } from '../../store/studio-store';
import { ChatContextPanel } from '../chat/ChatContextPanel';
import { EventLog } from '../event-log/EventLog';
import { ToolInspector } from '../tools/ToolInspector';
import './inspector.css';

type Tab = 'chat' | 'tools' | 'events';

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'chat', label: 'Chat' },
  { id: 'tools', label: 'Tools' },
  { id: 'events', label: 'Events' },
];

export function InspectorTabs() {
  const [tab, setTab] = useState<Tab>('chat');
  useEffect(
    () =>
      useStudioStore.subscribe((s, prev) => {
        if (s.selectedToolCallId !== null && s.selectedToolCallId !== prev.selectedToolCallId)
          setTab('tools');
      }),
    [],
  );
  const openTools = () => setTab('tools');
  return (
    <div className="inspector" data-testid="inspector-tabs">
      <div className="inspector-tablist" role="tablist" aria-label="Session views">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`inspector-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`inspector-panel-${t.id}`}
            data-testid={`inspector-tab-${t.id}`}
            className="inspector-tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`inspector-panel-${tab}`}
        aria-labelledby={`inspector-tab-${tab}`}
        className="inspector-panel"
      >
        {tab === 'chat' ? <ChatContextPanel onOpenTool={openTools} /> : null}
        {tab === 'tools' ? <ToolInspector /> : null}
        {tab === 'events' ? <EventLog onOpenTool={openTools} /> : null}
      </div>
    </div>
  );
}
