/**
 * A realtime reply interrupted mid-audio (the realtime v2 scenario 21 on the engine): the engine
 * says it truncated the server's message at the heard position (`realtime_truncated`, issue 12
 * point 3), which the timeline's speech bar marks (renderer: realtime-lanes.test.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../src/shared/engine-events';
import { executeScenario, parseScenario } from '../src/main/simulation/index';

const file = resolve(import.meta.dirname, 'scenarios/v2/21-realtime-interruption-truncates.scenario.json');

describe('realtime truncation reported by the engine', () => {
  it('the engine reports the cut at the played position', async () => {
    const loaded = parseScenario(JSON.parse(readFileSync(file, 'utf8')), file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const run = await executeScenario(loaded.scenario);
    const events: readonly EngineEvent[] = run.record.events;
    const finished = events.find((e) => e.type === 'playback_finished' && e.interrupted);
    const cut = events.filter((e) => e.type === 'realtime_truncated');
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({
      speechId: finished?.type === 'playback_finished' ? finished.speechId : 'none',
      audioEndMs: finished?.type === 'playback_finished' ? finished.positionMs : -1,
    });
    expect(cut[0]).toMatchObject({ audioEndMs: 1900, messageId: 'msg_story' });
  });
});
