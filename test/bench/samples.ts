/** Every figure a run measured, per side, before it is reduced to the table. */
/** raw: one PTY per socket; raw-mux: the same, many PTYs on one socket (raw-mux-server.ts). */
export type Side = 'termplex' | 'raw' | 'raw-mux';

export class Samples {
  private readonly values = new Map<string, number[]>();

  add(id: string, side: Side, value: number): void {
    const key = `${side}:${id}`;
    const list = this.values.get(key) ?? [];
    list.push(value);
    this.values.set(key, list);
  }

  get(id: string, side: Side): number[] {
    return this.values.get(`${side}:${id}`) ?? [];
  }

  toJSON(): Record<string, number[]> {
    return Object.fromEntries(this.values);
  }
}
