/**
 * The reference server the stories talk to, if there is one.
 *
 * `npm run storybook` (stories/serve.ts) starts a server and Vite replaces
 * __TERMPLEX_SERVER__ with its {wsUrl, token} (.storybook/main.ts). In a
 * static build it is null: the terminals render, fail to connect, and show
 * the connection overlay, and the stories say there is no server.
 */
export interface LiveServer {
  wsUrl: string;
  token: string;
}

declare const __TERMPLEX_SERVER__: LiveServer | null;

export const liveServer: LiveServer | null = typeof __TERMPLEX_SERVER__ === 'undefined' ? null : __TERMPLEX_SERVER__;
