/**
 * Renderer entry: pick the transport, connect it to the store, mount the app. The transport is
 * chosen here and nowhere else; everything below sees only the `StudioClient` interface.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { selectBridge } from './bridge/select-client';
import { syncBridgeToStore } from './bridge/store-sync';
import { createStudioActions } from './bridge/studio-actions';
import { useStudioStore } from './store/studio-store';
import './styles/theme.css';
import './styles/layout.css';

const bridge = selectBridge({ studio: (window as { studio?: unknown }).studio, location: window.location });
syncBridgeToStore(bridge, useStudioStore);
const actions = createStudioActions({ client: bridge.client, store: useStudioStore });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={bridge.client} actions={actions} />
  </StrictMode>,
);
