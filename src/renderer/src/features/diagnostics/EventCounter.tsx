/**
 * Counts received engine events without re-rendering: it subscribes to the store outside React
 * and writes the text node directly, at most once per animation frame. This is the pattern dense
 * lanes (VAD, audio levels) follow too.
 */
import { useEffect, useRef } from 'react';
import { useStudioStore } from '../../store/studio-store';

function describe(held: number, total: number): string {
  const dropped = total - held;
  return dropped > 0
    ? `${total} events received (${held} kept, ${dropped} oldest dropped)`
    : `${total} events received`;
}

export function EventCounter() {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let frame = 0;
    const render = () => {
      frame = 0;
      const feed = useStudioStore.getState().feed;
      if (ref.current) ref.current.textContent = describe(feed.size, feed.appendedCount);
    };
    render();
    const off = useStudioStore.subscribe((s, prev) => {
      if (s.feedVersion !== prev.feedVersion && frame === 0) frame = requestAnimationFrame(render);
    });
    return () => {
      off();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, []);
  return <span className="muted" data-testid="event-count" ref={ref} />;
}
