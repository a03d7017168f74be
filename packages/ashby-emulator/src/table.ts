/**
 * One kind of record in one org: a lazily generated seeded range plus an overlay of changes.
 *
 * Seeded records are derived from their index on demand (so 100k candidates cost no memory until read) and
 * carry change sequence 0. Anything created or changed later lives in `overrides` with the org-wide change
 * sequence at which it happened, and is appended to `log` so incremental sync can walk "changed since seq S"
 * without scanning the seeded range. Deletions only hide the record: they leave no log entry, exactly as
 * Ashby's incremental sync has no tombstones.
 */
export interface ChangeEntry {
  seq: number;
  id: string;
}

export class Table<T extends { id: string }> {
  private readonly overrides = new Map<string, { record: T; seq: number }>();
  private readonly createdIds: string[] = [];
  private readonly deleted = new Set<string>();
  private readonly changes: ChangeEntry[] = [];

  constructor(
    /** Size of the seeded position range (some positions may be empty, see `generate`). */
    readonly seededCount: number,
    /** Seeded record at a position, or undefined when that position holds none. */
    private readonly generate: (index: number) => T | undefined,
    /** Position of a seeded id, or null when the id is not a seeded one. */
    private readonly indexOf: (id: string) => number | null,
  ) {}

  get(id: string): T | undefined {
    if (this.deleted.has(id)) return undefined;
    const override = this.overrides.get(id);
    if (override) return override.record;
    const index = this.indexOf(id);
    if (index === null || index < 0 || index >= this.seededCount) return undefined;
    return this.generate(index);
  }

  /** Change sequence of the record's last change (0 for untouched seeded records). */
  seqOf(id: string): number {
    return this.overrides.get(id)?.seq ?? 0;
  }

  /** Create or replace a record at change sequence `seq`. */
  put(record: T, seq: number): void {
    const index = this.indexOf(record.id);
    const isSeeded = index !== null && index >= 0 && index < this.seededCount;
    const isNew = !this.overrides.has(record.id) && !isSeeded;
    if (isNew && !this.deleted.has(record.id)) this.createdIds.push(record.id);
    this.overrides.set(record.id, { record, seq });
    this.changes.push({ seq, id: record.id });
  }

  delete(id: string): boolean {
    if (!this.get(id)) return false;
    this.deleted.add(id);
    return true;
  }

  /** Positions: the seeded range, then created records in creation order. */
  get size(): number {
    return this.seededCount + this.createdIds.length;
  }

  at(position: number): T | undefined {
    if (position < this.seededCount) {
      const seeded = this.generate(position);
      return seeded ? this.get(seeded.id) : undefined;
    }
    const id = this.createdIds[position - this.seededCount];
    return id === undefined ? undefined : this.get(id);
  }

  get log(): readonly ChangeEntry[] {
    return this.changes;
  }

  /** The log entry is the record's latest change and the record still exists. */
  isLatest(entry: ChangeEntry): boolean {
    return !this.deleted.has(entry.id) && this.overrides.get(entry.id)?.seq === entry.seq;
  }

  /** Records created after seeding (in creation order, deleted ones skipped). */
  created(): T[] {
    return this.createdIds.map((id) => this.get(id)).filter((record): record is T => record !== undefined);
  }
}
