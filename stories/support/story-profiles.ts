/**
 * The profiles the live stories use. A client only ever names a profile;
 * the commands live here, on the server side.
 */
import type { ProfileConfig } from '@termplex/server';

// Each colour as a swatch followed by its number in the default colour, so every label is readable.
const PALETTE = [
  `for i in 0 1 2 3 4 5 6 7; do printf '\\033[4%sm    \\033[0m %-3s' $i $i; done; printf '\\n'`,
  `for i in 0 1 2 3 4 5 6 7; do printf '\\033[10%sm    \\033[0m %-3s' $i $((i + 8)); done; printf '\\n'`,
  `printf '\\033[31mred \\033[32mgreen \\033[33myellow \\033[34mblue \\033[35mmagenta \\033[36mcyan\\033[0m \\033[1mbold\\033[0m \\033[2mdim\\033[0m \\033[4munderline\\033[0m\\n\\n'`,
].join('; ');

const DETAILS = [
  `printf '\\033]0;termplex: terminal details\\007'`,
  // Each line is 10 columns wide: the bars line up when emoji and CJK take two columns and combining marks none.
  `printf '%s\\n' '|😀😀😀😀|' '|漢字かな|' '|e\u0301a\u0308......|' '|abcdefgh|'`,
  `printf 'Docs: https://xtermjs.org/ (Ctrl+click opens it)\\n\\a'`,
].join('; ');

// 3000 lines of a service's log with an ERROR every 250th: scrollback worth searching.
const LOG = [
  'i=1; while [ $i -le 3000 ]; do',
  'if [ $((i % 250)) -eq 0 ]; then echo "[$i] ERROR worker-$((i % 7)) timed out after 30s";',
  'else echo "[$i] INFO worker-$((i % 7)) handled request id=$((i * 37)) status=ok"; fi; i=$((i + 1)); done',
  `; printf '%s\\n' 'end of log: Ctrl+Shift+F (Cmd+F on macOS) searches all 3000 lines'`,
].join(' ');

export function storyProfiles(): Record<string, ProfileConfig> {
  const shell = process.env.SHELL || '/bin/sh';
  return {
    // The user's login shell, as the CLI's default profile.
    default: { command: shell, args: ['-l'] },
    // Themes: the 16 ANSI colours, then the same shell.
    palette: { command: '/bin/sh', args: ['-c', `${PALETTE}; exec "${shell}" -l`] },
    // Terminal details: wide characters lined up against a bar, a link, a title and the bell, then the shell.
    details: {
      command: '/bin/sh',
      args: ['-c', `${DETAILS}; exec "${shell}" -l`],
      env: { LC_ALL: 'C.UTF-8' },
    },
    // Find in the scrollback: a long log, then the same shell.
    logs: { command: '/bin/sh', args: ['-c', `${LOG}; exec "${shell}" -l`] },
    // "A session that exits": prints a few lines, then exits with code 3.
    countdown: {
      command: '/bin/sh',
      args: ['-c', 'for i in 3 2 1; do echo "exiting in $i"; sleep 1; done; echo "bye (exit code 3)"; exit 3'],
    },
  };
}
