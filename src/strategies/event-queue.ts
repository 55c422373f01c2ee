/**
 * Timed work (a load finishing, a lock retry, a write-behind flush, a
 * refresh, a crash) as one queue: a binary min-heap over typed arrays keyed
 * on time. Events at the same time leave in the order they were pushed, so
 * a replay is deterministic. An event is four numbers: its kind, a key id,
 * a reference (a load's slot) and one spare number (`aux`); no objects are
 * made per event.
 */
export class EventQueue {
  size = 0;
  /** The event pop() last removed. */
  time = 0;
  kind = 0;
  id = 0;
  ref = 0;
  aux = 0;

  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private kinds = new Uint8Array(64);
  private ids = new Int32Array(64);
  private refs = new Int32Array(64);
  private auxes = new Float64Array(64);
  private pushed = 0;

  /** Time of the earliest event, or Infinity when there is none. */
  peekTime(): number {
    return this.size > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, kind: number, id: number, ref: number, aux: number): void {
    if (this.size === this.times.length) this.enlarge();
    const seq = this.pushed++;
    // Sift up: move parents down until the new event's place is found.
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = this.times[p]!;
      if (pt < time || (pt === time && this.seqs[p]! < seq)) break;
      this.move(p, i);
      i = p;
    }
    this.set(i, time, seq, kind, id, ref, aux);
  }

  /** Remove the earliest event into time/kind/id/ref/aux; returns its kind. The queue must not be empty. */
  pop(): number {
    this.time = this.times[0]!;
    this.kind = this.kinds[0]!;
    this.id = this.ids[0]!;
    this.ref = this.refs[0]!;
    this.aux = this.auxes[0]!;
    const last = --this.size;
    if (last > 0) {
      const t = this.times[last]!;
      const s = this.seqs[last]!;
      const k = this.kinds[last]!;
      const id = this.ids[last]!;
      const r = this.refs[last]!;
      const a = this.auxes[last]!;
      // Sift the last event down from the root.
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        const d = c + 1;
        if (d < last && this.before(d, c)) c = d;
        const ct = this.times[c]!;
        if (t < ct || (t === ct && s < this.seqs[c]!)) break;
        this.move(c, i);
        i = c;
      }
      this.set(i, t, s, k, id, r, a);
    }
    return this.kind;
  }

  clear(): void {
    this.size = 0;
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.seqs[a]! < this.seqs[b]!);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.ids[to] = this.ids[from]!;
    this.refs[to] = this.refs[from]!;
    this.auxes[to] = this.auxes[from]!;
  }

  private set(i: number, time: number, seq: number, kind: number, id: number, ref: number, aux: number): void {
    this.times[i] = time;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.ids[i] = id;
    this.refs[i] = ref;
    this.auxes[i] = aux;
  }

  private enlarge(): void {
    const n = this.times.length * 2;
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.times = grow(this.times, (k) => new Float64Array(k));
    this.seqs = grow(this.seqs, (k) => new Float64Array(k));
    this.kinds = grow(this.kinds, (k) => new Uint8Array(k));
    this.ids = grow(this.ids, (k) => new Int32Array(k));
    this.refs = grow(this.refs, (k) => new Int32Array(k));
    this.auxes = grow(this.auxes, (k) => new Float64Array(k));
  }
}
