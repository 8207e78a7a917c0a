/**
 * The controls bar: pause, resume, one step, speed, seek (recordings) and "explain this step", sent as
 * control frames; it shows the state the server reports (`hello.control`, `control` frames), never a
 * guess. A read-only view (no control key) shows the bar disabled with a note saying why; a server
 * without a RunControl (a piped run) hides it.
 */
import type { ControlCommand, HelloControl, ServerFrame } from '../../../src/protocol.js';
import { el, fill } from '../dom.js';

/** Speeds offered, in steps per second; '' is "as fast as it goes" (null on the wire). */
const SPEEDS = ['1', '5', '20', '100', ''];
const READ_ONLY_NOTE = 'read-only view: open the dashboard URL with its control key to pause, step or change speed';

export interface ControlsPanel {
  /** Takes the control state from `hello` and `control` frames, and refusals from error frames. */
  apply(frame: ServerFrame): void;
  /** The state shown now, or null when the run cannot be controlled. */
  readonly state: HelloControl | null;
}

/**
 * @example
 * // not run: needs the dashboard page (DOM)
 * const controls = controlsPanel(document.getElementById('controls')!, (c) => connection.send(c));
 * controls.apply({ type: 'control', paused: true, stepsPerSecond: 5, canSeek: false });
 */
export function controlsPanel(root: HTMLElement, send: (command: ControlCommand) => void): ControlsPanel {
  let state: HelloControl | null = null;
  /** The run has ended (done or error): a live run has nothing left to control; a recording can still seek. */
  let ended = false;
  const button = (testid: string, label: string, title: string, command: () => ControlCommand | null) => {
    const b = el('button', { type: 'button', 'data-testid': testid, title }, label);
    b.addEventListener('click', () => {
      const c = command();
      if (c !== null) send(c);
    });
    return b;
  };
  const label = el('span', { class: 'control-state', 'data-testid': 'control-state' });
  const pause = button('control-pause', '❚❚ pause', 'Pause the run after the current step', () => ({ type: 'pause' }));
  const resume = button('control-resume', '▶ resume', 'Resume the run', () => ({ type: 'resume' }));
  const step = button('control-step', '+1 step', 'Run one step (while paused)', () => ({ type: 'step' }));
  const speed = el('select', { 'data-testid': 'control-speed', title: 'Steps per second' }, ...SPEEDS.map((v) => el('option', { value: v }, v === '' ? 'max' : `${v} steps/s`)));
  speed.addEventListener('change', () => send({ type: 'speed', stepsPerSecond: speed.value === '' ? null : Number(speed.value) }));
  const seekInput = el('input', { type: 'number', min: 1, step: 1, 'data-testid': 'control-seek-input', placeholder: 'step', 'aria-label': 'step to seek to' });
  const seekButton = button('control-seek', 'seek', 'Replay the recording up to this step', () => {
    const n = Number(seekInput.value);
    return Number.isInteger(n) && n >= 1 ? { type: 'seek', step: n } : null;
  });
  const seek = el('span', { class: 'control-seek' }, seekInput, seekButton);
  const explain = button('control-explain', 'explain this step', 'Show how the current step’s gradient and update were computed', () => ({ type: 'explain', step: 'current' }));
  const note = el('span', { class: 'note control-note', 'data-testid': 'control-note' });
  fill(root, label, pause, resume, step, el('label', { class: 'control-speed' }, 'speed ', speed), seek, explain, note);

  const show = () => {
    root.hidden = state === null;
    if (state === null) return;
    const s = state;
    const pace = s.stepsPerSecond === null ? 'as fast as it goes' : `${s.stepsPerSecond} steps/s`;
    const finished = ended && !s.canSeek;
    label.textContent = finished ? '■ finished' : s.paused ? '❚❚ paused' : `▶ running · ${pace}`;
    root.dataset.finished = String(finished);
    root.dataset.paused = String(s.paused);
    root.dataset.canControl = String(s.canControl);
    const value = s.stepsPerSecond === null ? '' : String(s.stepsPerSecond);
    if (![...speed.options].some((o) => o.value === value)) speed.append(el('option', { value }, `${value} steps/s`));
    speed.value = value;
    seek.hidden = !s.canSeek;
    const off = !s.canControl || finished;
    pause.disabled = off || s.paused;
    resume.disabled = off || !s.paused;
    step.disabled = off || !s.paused;
    speed.disabled = seekInput.disabled = seekButton.disabled = explain.disabled = off;
    if (!s.canControl) note.textContent = READ_ONLY_NOTE;
  };

  show();
  return {
    apply(frame) {
      if (frame.type === 'hello') {
        state = frame.control ?? null;
        ended = frame.done !== null || frame.error !== null;
      } else if ('seq' in frame && (frame.type === 'run' || frame.type === 'done' || frame.type === 'error')) ended = frame.type !== 'run';
      else if (frame.type === 'control') state = state && { ...state, paused: frame.paused, stepsPerSecond: frame.stepsPerSecond, canSeek: frame.canSeek };
      else if (frame.type === 'error' && !('seq' in frame) && frame.message.startsWith('control refused')) note.textContent = frame.message;
      else return;
      if (frame.type !== 'error' && state?.canControl) note.textContent = '';
      show();
    },
    get state() {
      return state && { ...state };
    },
  };
}
