/**
 * Reading an API request's body: bounded in size and time, and parsed as a
 * JSON object (an empty body is an empty object: every field defaulted).
 */
import type http from 'node:http';
import { ErrorCode, type ProtocolError } from '@termplex/protocol';
import { sendError } from './http-response.js';

/** bytes: an API request is a few small fields. */
const MAX_BODY = 4096;
/** milliseconds for the body to arrive: MAX_BODY at 410 bytes/s, slower than any real client. A slower body only holds a connection. */
const BODY_TIMEOUT_MS = 10_000;

export type Refusal = { ok: false; status: number; error: ProtocolError };
/** undefined: the client went away mid-body, so there is nobody to answer. */
export type BodyRead = { ok: true; text: string } | Refusal | undefined;

/**
 * The body, if it is at most MAX_BODY bytes and arrives within
 * BODY_TIMEOUT_MS. A refusal stops reading at once: the paused request makes
 * Node stop reading the socket, and the answer closes the connection.
 */
export function readBody(req: http.IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      if (!result?.ok) req.pause();
      resolve(result);
    };
    const refuse = (status: number, code: ErrorCode, message: string) => finish({ ok: false, status, error: { code, message } });
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) refuse(413, ErrorCode.TooLarge, `the request body is larger than ${MAX_BODY} bytes`);
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    const onGone = () => finish(undefined);
    const timer = setTimeout(() => refuse(408, ErrorCode.RequestTimeout, `the request body did not arrive within ${BODY_TIMEOUT_MS / 1000} s`), BODY_TIMEOUT_MS);
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

/** The body as a JSON object; refusals are 400 with a code naming what was wrong. */
export function parseJsonBody(text: string): { ok: true; value: Record<string, unknown> } | Refusal {
  const bad = (message: string): Refusal => ({ ok: false, status: 400, error: { code: ErrorCode.BadJson, message } });
  if (text.trim() === '') return { ok: true, value: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return bad('the request body is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('the request body must be a JSON object');
  return { ok: true, value: raw as Record<string, unknown> };
}

/**
 * Reads and parses a request's JSON object body, or answers the refusal
 * itself and returns undefined. A refused body closes the connection even
 * when it happens to be complete: the request is paused, so a next one on
 * the same connection would never be read.
 */
export async function readJsonRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(req);
  if (!body) {
    res.destroy();
    return undefined;
  }
  if (!body.ok) {
    sendError(res, body.status, body.error.code, body.error.message, { Connection: 'close' });
    return undefined;
  }
  const parsed = parseJsonBody(body.text);
  if (!parsed.ok) {
    sendError(res, parsed.status, parsed.error.code, parsed.error.message);
    return undefined;
  }
  return parsed.value;
}
