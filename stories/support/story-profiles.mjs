/**
 * The profiles the live stories use. A client only ever names a profile;
 * the commands live here, on the server side.
 */
export function storyProfiles() {
  const shell = process.env.SHELL || '/bin/sh';
  return {
    // The user's login shell, as the CLI's default profile.
    default: { command: shell, args: ['-l'] },
    // "A session that exits": prints a few lines, then exits with code 3.
    countdown: {
      command: '/bin/sh',
      args: ['-c', 'for i in 3 2 1; do echo "exiting in $i"; sleep 1; done; echo "bye (exit code 3)"; exit 3'],
    },
  };
}
