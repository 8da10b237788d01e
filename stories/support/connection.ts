/**
 * A <term-connection> for a story: the live server's URL and token, or, with
 * no server, the element's own default URL (this page's origin) so the
 * terminals show a real failed connection rather than pretending. Without a
 * server the token is a placeholder: the element needs one to try at all,
 * and the attempt fails before any server could read it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { liveServer } from './live-server.js';

export interface ConnectionOptions {
  id?: string;
  /** A URL of the story's own; defaults to the live server's. */
  url?: string;
  /** A token of the story's own; defaults to the live server's. */
  token?: string;
  retryAttempts?: number;
  retryDelay?: number;
  connectTimeout?: number;
}

export function connection(content: TemplateResult, options: ConnectionOptions = {}): TemplateResult {
  return html`<term-connection
    id=${options.id ?? nothing}
    url=${options.url ?? liveServer?.wsUrl ?? nothing}
    retry-attempts=${options.retryAttempts ?? nothing}
    retry-delay=${options.retryDelay ?? nothing}
    connect-timeout=${options.connectTimeout ?? nothing}
    .token=${options.token ?? liveServer?.token ?? 'no-server'}
    >${content}</term-connection
  >`;
}
