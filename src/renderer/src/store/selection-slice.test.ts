import { beforeEach, describe, expect, it } from 'vitest';
import { resetStudioStore, useStudioStore } from './studio-store';

describe('selection slice', () => {
  beforeEach(() => resetStudioStore());

  it('selects a tool call, replaces it, clears it, and resets to none', () => {
    const s = () => useStudioStore.getState();
    expect(s().selectedToolCallId).toBeNull();
    s().selectTool('call_1');
    s().selectTool('call_2');
    expect(s().selectedToolCallId).toBe('call_2');
    s().selectTool(null);
    expect(s().selectedToolCallId).toBeNull();
    s().selectTool('call_3');
    resetStudioStore();
    expect(s().selectedToolCallId).toBeNull();
  });
});
