/**
 * What a connection authenticates with: the server token (a trusted page),
 * or a single-use ticket plus the resume credential the server hands back
 * in `welcome` (a public page). A ticket is sent once; after that the resume
 * credential reaches the sessions it opened (reconnects, reloads), and new
 * sessions need a fresh ticket: a new `ticket` value, or one fetched from
 * `ticket-url`.
 */
import { ErrorCode, type HelloMessage, type ProtocolError } from '@termplex/protocol';

/** Where the resume credential is kept across reloads (sessionStorage in the element). */
export interface ResumeStore {
  get(): string | undefined;
  set(resume: string | undefined): void;
}

export type Credentials = Pick<HelloMessage, 'token' | 'ticket' | 'resume'>;

const TICKET_REFUSALS: readonly string[] = [ErrorCode.TicketInvalid, ErrorCode.TicketExpired, ErrorCode.TicketUsed];
/** ticket refusals in a row after which fetching yet another ticket stops: the source hands out bad ones. */
const MAX_TICKET_REFUSALS = 3;

export class CredentialKeeper {
  token: string | undefined;
  ticket: string | undefined;
  /** Fetches a fresh ticket (the element's `ticket-url`). */
  fetchTicket: (() => Promise<string>) | undefined;
  #spent: string | undefined;
  #resume: string | undefined;
  #sent: { ticket: boolean; resume: boolean } | undefined;
  #ticketRefusals = 0;

  constructor(private readonly store?: ResumeStore) {}

  /** False when nothing at all could authenticate: no token, ticket, ticket source or resume credential. */
  get available(): boolean {
    return Boolean(this.token || this.ticket || this.fetchTicket || this.#storedResume());
  }

  /** Read late: the store is keyed by the connection's URL, which the page may set after construction. */
  #storedResume(): string | undefined {
    this.#resume ??= this.store?.get();
    return this.#resume;
  }

  /**
   * The credentials for the next hello; `needsNew`: some session has yet to
   * be created. Synchronous unless a ticket has to be fetched.
   */
  next(needsNew: boolean): Credentials | ProtocolError | Promise<Credentials | ProtocolError> {
    if (this.token) return { token: this.token };
    const resume = this.#storedResume();
    const ticket = this.ticket && this.ticket !== this.#spent ? this.ticket : undefined;
    if (ticket) this.#spent = ticket;
    else if (this.fetchTicket && (needsNew || !resume)) {
      return this.fetchTicket().then(
        (fetched) => this.#use(fetched, resume),
        (error: Error) => ({ code: ErrorCode.ConnectionFailed, message: `could not get a ticket: ${error.message}` }),
      );
    }
    return this.#use(ticket, resume);
  }

  #use(ticket: string | undefined, resume: string | undefined): Credentials | ProtocolError {
    if (!ticket && !resume) {
      const message = this.ticket
        ? 'the ticket was used (a ticket opens one connection): set a new ticket, or ticket-url so the connection can fetch one'
        : 'a token or a ticket is required: set the token, ticket or ticket-url attribute of <term-connection>';
      return { code: ErrorCode.Auth, message };
    }
    this.#sent = { ticket: ticket !== undefined, resume: resume !== undefined };
    const credentials: Credentials = {};
    if (ticket) credentials.ticket = ticket;
    if (resume) credentials.resume = resume;
    return credentials;
  }

  /**
   * A new session was refused on a connection that came back with its
   * resume credential alone: a fetched ticket would grant it (and a second
   * refusal, after a ticket, is final).
   */
  get ticketWouldHelp(): boolean {
    return this.fetchTicket !== undefined && this.#sent !== undefined && !this.#sent.ticket;
  }

  welcomed(resume: string | undefined): void {
    this.#ticketRefusals = 0;
    if (resume === undefined) return;
    this.#resume = resume;
    this.store?.set(resume);
  }

  /** The server refused the last hello with `code`: true when another attempt could get in. */
  refused(code: string): boolean {
    if (!TICKET_REFUSALS.includes(code) || !this.#sent) return false;
    if (!this.#sent.ticket) {
      // The resume credential alone was refused: it is dead. A ticket may still get in.
      this.#resume = undefined;
      this.store?.set(undefined);
      return Boolean(this.fetchTicket || (this.ticket && this.ticket !== this.#spent));
    }
    this.#ticketRefusals++;
    return this.fetchTicket !== undefined && this.#ticketRefusals < MAX_TICKET_REFUSALS;
  }
}
