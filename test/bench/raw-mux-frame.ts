/** The raw-mux baseline's frame (raw-mux-server.ts): kind (u8), session id (u32 BE), bytes. */
export const MUX_HEADER = 5;

/** The same three kinds both ways: open/opened, input/output, close/exit. */
export const MuxKind = { Open: 0, Data: 1, Exit: 2 } as const;
export type MuxKind = (typeof MuxKind)[keyof typeof MuxKind];

export function muxFrame(kind: MuxKind, id: number, data?: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(MUX_HEADER + (data?.byteLength ?? 0));
  frame[0] = kind;
  frame.writeUInt32BE(id, 1);
  if (data) frame.set(data, MUX_HEADER);
  return frame;
}
