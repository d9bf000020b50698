/**
 * Hands the client and the user's verbs to components. Components get them from context, not
 * from module globals, so each test or story can mount the app on its own fake client.
 */
import { createContext, useContext } from 'react';
import type { StudioClient } from '../../../shared/studio-api';
import type { StudioActions } from './studio-actions';

export interface StudioContextValue {
  client: StudioClient;
  actions: StudioActions;
}

export const StudioContext = createContext<StudioContextValue | null>(null);

export function useStudio(): StudioContextValue {
  const value = useContext(StudioContext);
  if (!value) throw new Error('useStudio must be used inside <StudioContext.Provider>');
  return value;
}
