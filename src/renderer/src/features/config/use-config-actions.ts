/** The config verbs for components, bound to the app's client and store once per client. */
import { useMemo } from 'react';
import { useStudio } from '../../bridge/studio-context';
import { useStudioStore } from '../../store/studio-store';
import { createConfigActions, type ConfigActions } from './config-actions';

export function useConfigActions(): ConfigActions {
  const { client, actions } = useStudio();
  return useMemo(() => createConfigActions({ client, actions, store: useStudioStore }), [client, actions]);
}
