/** The OpenAI Realtime provider's public surface (the registry builds it with the factory). */
export {
  createOpenAIRealtimeModel,
  capabilitiesOf,
  OpenAIRealtimeModel,
  type OpenAIRealtimeDeps,
  type RealtimeLog,
} from './model';
export { OpenAIRealtimeSession } from './session';
export {
  OpenAIRealtimeSettingsSchema,
  REALTIME_SAMPLE_RATE,
  type OpenAIRealtimeSettings,
  type OpenAIRealtimeSettingsInput,
} from './settings';
