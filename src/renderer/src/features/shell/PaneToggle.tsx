/**
 * The button that collapses a side pane to a rail and opens it again. In the rail it is the
 * pane's only visible content, a vertical tab naming the pane.
 */
export function PaneToggle({
  side,
  name,
  collapsed,
  onToggle,
}: {
  side: 'left' | 'right';
  name: string;
  collapsed: boolean;
  onToggle(): void;
}) {
  // The arrow points where the pane goes: a left pane collapses leftwards, opens rightwards.
  const arrow = (side === 'left') === collapsed ? '»' : '«';
  return (
    <button
      type="button"
      className={`pane-toggle pane-toggle-${side}`}
      data-testid={`pane-toggle-${side}`}
      aria-expanded={!collapsed}
      aria-label={collapsed ? `Show ${name}` : `Hide ${name}`}
      title={collapsed ? `Show ${name}` : `Hide ${name}`}
      onClick={onToggle}
    >
      <span aria-hidden="true">{arrow}</span>
      {collapsed && <span className="pane-toggle-name">{name}</span>}
    </button>
  );
}
