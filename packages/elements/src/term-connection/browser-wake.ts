/**
 * The browser's hints that a retry would now succeed: the network came back,
 * or a hidden tab (whose timers the browser throttles) became visible.
 */
import type { WakeSource } from '../connection/socket.js';

export const browserWake: WakeSource = (wake) => {
  const onVisibility = () => {
    if (document.visibilityState === 'visible') wake();
  };
  window.addEventListener('online', wake);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('online', wake);
    document.removeEventListener('visibilitychange', onVisibility);
  };
};
