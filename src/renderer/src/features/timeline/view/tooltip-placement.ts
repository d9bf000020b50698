/**
 * Where the timeline's hover tooltip goes, in window (client) coordinates: beside the pointer,
 * on whichever side has room, and always wholly inside the window — near the right edge it
 * opens to the left of the pointer, near the bottom above it, and a tooltip larger than the room
 * on both sides is pushed against the window's edge rather than cut.
 */

export interface Size {
  width: number;
  height: number;
}

/** Gap between the pointer and the tooltip, px. */
export const TOOLTIP_OFFSET_PX = 14;
/** The tooltip keeps this far from the window's edges, px. */
export const TOOLTIP_MARGIN_PX = 6;

function along(pointer: number, size: number, room: number): number {
  const after = pointer + TOOLTIP_OFFSET_PX;
  const before = pointer - TOOLTIP_OFFSET_PX - size;
  const max = room - TOOLTIP_MARGIN_PX - size;
  let at: number;
  if (after <= max) at = after;
  else if (before >= TOOLTIP_MARGIN_PX) at = before;
  // Room on neither side: as far from the edges as it can be.
  else at = max;
  return Math.max(TOOLTIP_MARGIN_PX, at);
}

/** The tooltip's top-left corner for a pointer at (x, y), all in client px. */
export function placeTooltip(
  pointer: { x: number; y: number },
  tip: Size,
  viewport: Size,
): { left: number; top: number } {
  return {
    left: along(pointer.x, tip.width, viewport.width),
    top: along(pointer.y, tip.height, viewport.height),
  };
}
