/** Metric helpers for the engine: payload builders, request timers and usage totals. */
export * from './builders';
export * from './usage-collector';
