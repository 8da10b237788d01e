/**
 * The mouse wheel over a full-screen program that does not take the mouse
 * (less, man, git log): xterm turns each wheel event into one arrow key, so
 * a notch that scrolls scrollback by several lines moves `less` by one. This
 * sends as many arrows as the same wheel movement scrolls scrollback
 * (pixels over the row height, times scrollSensitivity; Alt for
 * fastScrollSensitivity), carrying fractions over to the next event.
 */
import type { Terminal } from '@xterm/xterm';

export function altScreenWheel(terminal: Terminal, send: (data: string) => void): void {
  let carry = 0;
  terminal.attachCustomWheelEventHandler((event) => {
    if (terminal.buffer.active.type !== 'alternate' || terminal.modes.mouseTrackingMode !== 'none' || event.deltaY === 0) return true;
    const screen = terminal.element?.querySelector('.xterm-screen');
    const rowHeight = screen && terminal.rows > 0 ? screen.clientHeight / terminal.rows : 0;
    if (rowHeight <= 0) return true;
    const rows = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? event.deltaY * terminal.rows : event.deltaY / rowHeight;
    const { scrollSensitivity = 1, fastScrollSensitivity = 5 } = terminal.options;
    carry += rows * scrollSensitivity * (event.altKey ? fastScrollSensitivity : 1);
    const lines = Math.trunc(carry);
    carry -= lines;
    if (lines !== 0) {
      const arrow = (terminal.modes.applicationCursorKeysMode ? '\x1bO' : '\x1b[') + (lines < 0 ? 'A' : 'B');
      send(arrow.repeat(Math.abs(lines)));
    }
    event.preventDefault();
    return false;
  });
}
