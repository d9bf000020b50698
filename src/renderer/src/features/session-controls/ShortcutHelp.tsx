/** The `?` overlay: every keyboard shortcut of the studio in one place. */
import { shortcutRows } from './session-shortcuts';

const isMac =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  return (
    <div className="shortcut-backdrop" onClick={onClose} data-testid="shortcut-help-backdrop">
      <div
        className="shortcut-help panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcut-help-title"
        data-testid="shortcut-help"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="panel-title-row">
          <h2 id="shortcut-help-title">Keyboard shortcuts</h2>
          <button
            type="button"
            className="link"
            onClick={onClose}
            aria-label="Close"
            data-testid="shortcut-help-close"
          >
            ✕
          </button>
        </div>
        <table>
          <tbody>
            {shortcutRows(isMac).map((r) => (
              <tr key={r.keys}>
                <th scope="row">
                  <kbd>{r.keys}</kbd>
                </th>
                <td>{r.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
