/** The list of keyboard shortcuts (opened with `?`). */
import { SHORTCUTS } from '../shortcuts.ts';
import { Modal } from './modal.tsx';

export function ShortcutsHelp(props: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={props.onClose}>
      <dl className="shortcuts">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.key}>
            <dt>
              <kbd>{shortcut.key}</kbd>
            </dt>
            <dd>{shortcut.label}</dd>
          </div>
        ))}
        <div>
          <dt>
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </dt>
          <dd>Send the reply or note</dd>
        </div>
        <div>
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>Close a dialog</dd>
        </div>
      </dl>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={props.onClose} autoFocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
