/**
 * Preload of the studio window (sandboxed, built as CommonJS). It exposes exactly one object,
 * `window.studio`, implementing the shared StudioClient contract; no Electron object and no
 * Node API reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcStudioClient } from './studio-client';

const client = createIpcStudioClient(ipcRenderer);

// The bridge copies plain objects and proxies functions; spell out the members so nothing else leaks.
contextBridge.exposeInMainWorld('studio', {
  transport: client.transport,
  invoke: client.invoke,
  on: client.on,
});
