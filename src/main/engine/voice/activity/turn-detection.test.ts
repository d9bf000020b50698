/** The seed's `_validate_turn_detection` and the realtime rule checked when an activity is made. */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../base/virtual-clock';
import { ScriptedRealtimeModel } from '../../testing/scripted/realtime';
import type { LLM } from '../../llm/llm';
import type { RealtimeModel } from '../../llm/realtime';
import type { STT } from '../../stt/stt';
import type { VAD } from '../../vad/vad';
import { Agent } from '../agent';
import { AgentSession } from '../agent-session';
import type { TurnDetectionMode } from '../recognition-hooks';
import { validateTurnDetection } from './turn-detection';

const clock = new VirtualClock();
const vad = {} as VAD;
const stt = (streaming = true) => ({ capabilities: { streaming } }) as unknown as STT;
const llm = {} as LLM;
const realtime = (turnDetection: boolean): RealtimeModel =>
  new ScriptedRealtimeModel({ clock, capabilities: { turnDetection } });

function check(
  view: {
    vad?: VAD | null;
    stt?: STT | null;
    llm?: LLM | RealtimeModel | null;
    allowInterruptions?: boolean;
  },
  mode: TurnDetectionMode | null,
): { mode: TurnDetectionMode | null; warnings: string[] } {
  const warnings: string[] = [];
  const result = validateTurnDetection(
    {
      vad: view.vad ?? null,
      stt: view.stt ?? null,
      llm: view.llm ?? null,
      allowInterruptions: view.allowInterruptions ?? true,
      warn: (_source: string, message: string) => warnings.push(message),
    },
    mode,
  );
  return { mode: result, warnings };
}

describe('turn detection validation', () => {
  it('keeps a mode whose signal source exists', () => {
    expect(check({ vad, stt: stt(), llm }, 'vad')).toEqual({ mode: 'vad', warnings: [] });
    expect(check({ stt: stt(), llm }, 'stt')).toEqual({ mode: 'stt', warnings: [] });
    expect(check({ llm }, 'manual')).toEqual({ mode: 'manual', warnings: [] });
    expect(check({ llm: realtime(true) }, 'realtime_llm')).toEqual({ mode: 'realtime_llm', warnings: [] });
  });

  it('falls back to automatic selection, with a warning, when the source is missing', () => {
    expect(check({ stt: stt(), llm }, 'vad')).toEqual({
      mode: null,
      warnings: ["turn_detection is set to 'vad', but no VAD model is provided"],
    });
    expect(check({ vad, llm }, 'stt').warnings).toEqual([
      "turn_detection is set to 'stt', but no STT model is provided",
    ]);
    expect(check({ vad, stt: stt(), llm }, 'realtime_llm').warnings).toEqual([
      "turn_detection is set to 'realtime_llm', but the LLM is not a RealtimeModel",
    ]);
  });

  it('applies the realtime rules: server turn detection wins over vad, stt is ignored, no server detection means the VAD', () => {
    expect(check({ vad, llm: realtime(true) }, 'vad')).toEqual({
      mode: null,
      warnings: [
        "turn_detection is set to 'vad', but the RealtimeModel has server-side turn detection enabled",
      ],
    });
    expect(check({ vad, stt: stt(), llm: realtime(true) }, 'stt').warnings).toEqual([
      "turn_detection is set to 'stt', but the LLM is a RealtimeModel, ignoring the turn_detection setting",
    ]);
    expect(check({ vad, llm: realtime(false) }, 'realtime_llm')).toEqual({
      mode: 'vad',
      warnings: ["turn_detection is set to 'realtime_llm', but server-side turn detection is not enabled"],
    });
    expect(check({ vad, llm: realtime(false) }, null)).toEqual({ mode: 'vad', warnings: [] });
  });

  it('recommends a VAD with a non-streaming STT', () => {
    expect(check({ stt: stt(false), llm }, null).warnings).toEqual([
      'VAD is not set. Enabling VAD is recommended when using LLM and non-streaming STT.',
    ]);
  });

  it('refuses allowInterruptions false with a server-side turn detection', async () => {
    const session = new AgentSession({ clock, llm: realtime(true) });
    await expect(
      session.start({ agent: new Agent({ instructions: 'x', allowInterruptions: false }) }),
    ).rejects.toThrow(/server-side turn detection, allowInterruptions cannot be false/);
  });
});
