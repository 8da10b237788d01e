/** POST /api/tickets as a site's backend would call it. */
export async function postTicket(baseUrl: string, token: string | undefined, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}/api/tickets`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A ticket, or the test fails naming the refusal. */
export async function mintTicket(baseUrl: string, token: string, body: Record<string, unknown> = {}): Promise<string> {
  const { status, json } = await postTicket(baseUrl, token, body);
  if (status !== 201 || typeof json.ticket !== 'string') throw new Error(`POST /api/tickets answered ${status}: ${JSON.stringify(json)}`);
  return json.ticket;
}
