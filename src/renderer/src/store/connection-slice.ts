/** Which transport carries the studio and whether it currently reaches main. */
import type { StateCreator } from 'zustand';
import type { ConnectionInfo } from '../bridge/connection';
import type { StudioStore } from './studio-store';

export interface ConnectionSlice {
  connection: ConnectionInfo;
  transport: 'ipc' | 'websocket' | null;
  setConnection(info: ConnectionInfo): void;
  setTransport(transport: 'ipc' | 'websocket'): void;
}

export const initialConnectionState = {
  connection: { state: 'connecting', reason: null, code: null } as ConnectionInfo,
  transport: null as ConnectionSlice['transport'],
};

export const createConnectionSlice: StateCreator<StudioStore, [], [], ConnectionSlice> = (set) => ({
  ...initialConnectionState,
  setConnection: (connection) => set({ connection }),
  setTransport: (transport) => set({ transport }),
});
