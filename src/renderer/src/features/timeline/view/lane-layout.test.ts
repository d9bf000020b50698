import { describe, expect, it } from 'vitest';
import { AXIS_HEIGHT, LANES, laneAtY, layoutLanes, rowBand } from './lane-layout';

describe('lane layout', () => {
  it('stacks the lanes below the axis in order', () => {
    const layout = layoutLanes();
    expect(layout.boxes[0].top).toBe(AXIS_HEIGHT);
    expect(layout.boxes[1].top).toBe(AXIS_HEIGHT + LANES[0].height);
    expect(layout.height).toBe(AXIS_HEIGHT + LANES.reduce((s, l) => s + l.height, 0));
    expect(layout.byId['speech-queue'].rows).toBe(5);
  });

  it('finds the lane under a y, and none over the axis or below', () => {
    const layout = layoutLanes();
    expect(laneAtY(layout, 0)).toBeNull();
    expect(laneAtY(layout, AXIS_HEIGHT)?.id).toBe('user');
    expect(laneAtY(layout, layout.byId.tools.top + 5)?.id).toBe('tools');
    expect(laneAtY(layout, layout.height)).toBeNull();
  });

  it('splits a lane into equal sub-rows inside its padding', () => {
    const box = layoutLanes().byId['llm-tts'];
    const a = rowBand(box, 0, 2);
    const b = rowBand(box, 1, 2);
    expect(a.y).toBe(box.top + 2);
    expect(b.y).toBeCloseTo(a.y + a.h, 10);
    expect(b.y + b.h).toBeCloseTo(box.top + box.height - 2, 10);
  });
});
