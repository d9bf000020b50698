/**
 * The right pane's views of the session: chat context, tool inspector, event log, LLM/TTS
 * requests. Tabs give each the pane's full height; picking a tool call anywhere (timeline, chat,
 * log) brings up the tool inspector, a request (timeline's LLM/TTS lane, an event) the request
 * inspector, and any other timeline mark its event in the log, so a click always shows something.
 */
import { useEffect, useState } from 'react';
import { useStudioStore } from '../../store/studio-store';
import { ChatContextPanel } from '../chat/ChatContextPanel';
import { EventLog } from '../event-log/EventLog';
import { ToolInspector } from '../tools/ToolInspector';
import { RequestsPanel } from './RequestsPanel';
import './inspector.css';

type Tab = 'chat' | 'tools' | 'events' | 'requests';

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'chat', label: 'Chat' },
  { id: 'tools', label: 'Tools' },
  { id: 'events', label: 'Events' },
  { id: 'requests', label: 'Requests' },
];

export function InspectorTabs() {
  const [tab, setTab] = useState<Tab>('chat');
  useEffect(
    () =>
      useStudioStore.subscribe((s, prev) => {
        if (s.selectedToolCallId !== null && s.selectedToolCallId !== prev.selectedToolCallId)
          setTab('tools');
        if (s.inspectedRequest !== null && s.inspectedRequest !== prev.inspectedRequest) setTab('requests');
        else if (s.inspectedEvent !== null && s.inspectedEvent !== prev.inspectedEvent) setTab('events');
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
        {tab === 'requests' ? <RequestsPanel /> : null}
      </div>
    </div>
  );
}
