/** Times as the player's attributes take them and its control bar shows them. */

/** "12.5", "1:02", "1:02:03" or asciinema's "npt:1:02" as seconds; undefined when it is none of those. */
export function parsePlayTime(value: string): number | undefined {
  const text = value.trim().replace(/^npt:/, '');
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** "m:ss", or "h:mm:ss" from an hour on. */
export function formatPlayTime(seconds: number): string {
  const whole = Math.floor(Math.max(0, seconds));
  const s = String(whole % 60).padStart(2, '0');
  const m = Math.floor(whole / 60) % 60;
  const h = Math.floor(whole / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
