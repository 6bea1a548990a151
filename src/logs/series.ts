/**
 * A time series that stays small: once `max` points are kept, every other one is dropped and
 * only every 2nd (then 4th, …) new point is taken, so the kept points stay evenly spread over
 * the whole log. Summaries are computed on every point as it arrives, never from this.
 */
export class Series<T> {
  readonly points: T[] = [];
  private stride = 1;
  private seen = 0;

  constructor(private readonly max: number) {}

  push(p: T): void {
    if (this.seen++ % this.stride !== 0) return;
    this.points.push(p);
    if (this.points.length >= this.max) {
      let w = 0;
      for (let r = 0; r < this.points.length; r += 2) this.points[w++] = this.points[r]!;
      this.points.length = w;
      this.stride *= 2;
    }
  }

  get count(): number {
    return this.seen;
  }
}
