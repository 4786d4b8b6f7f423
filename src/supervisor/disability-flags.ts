// Which programs are disabled (ST-DYN-01/02, CFG-SV-19), and their persistence. As in Supvisors,
// every program configured gets an entry (false unless disabled), entries read from the file for
// programs no longer configured are kept, and the whole set is saved at start, whenever a program
// appears (a group added) and at every enable / disable.

/** Where the flags persist between lives of the daemon (the disabilities_file). */
export interface DisabilityStore {
  /** The flags saved by a previous life; {} when there are none (or they could not be read). */
  load(): Record<string, boolean>;
  /** Saves every flag. Failures are the store's to report: a disable must not fail on a full disk. */
  save(flags: Readonly<Record<string, boolean>>): void;
}

/** Without a disabilities_file: flags live as long as the daemon. */
export const memoryDisabilityStore: DisabilityStore = {
  load: () => ({}),
  save: () => {},
};

/**
 * @example
 *   const flags = new DisabilityFlags();
 *   flags.use(store, ["web", "db"]); // loads, then saves {"web": false, "db": false, ...}
 *   flags.set("web", true);          // saves again
 */
export class DisabilityFlags {
  /** Insertion order is the file's order: loaded entries first, then programs seen later. */
  readonly #flags = new Map<string, boolean>();
  #store: DisabilityStore = memoryDisabilityStore;

  /** Takes the flags of `store` and saves them back with an entry for every program of `programs`. */
  use(store: DisabilityStore, programs: Iterable<string>): void {
    this.#store = store;
    this.#flags.clear();
    for (const [program, disabled] of Object.entries(store.load())) this.#flags.set(program, disabled);
    this.#addAll(programs);
    this.#save();
  }

  /** Programs appearing (a group added): enabled unless a flag says otherwise; saved if new. */
  addPrograms(programs: Iterable<string>): void {
    if (this.#addAll(programs)) this.#save();
  }

  isDisabled(program: string): boolean {
    return this.#flags.get(program) === true;
  }

  set(program: string, disabled: boolean): void {
    this.#flags.set(program, disabled);
    this.#save();
  }

  snapshot(): Record<string, boolean> {
    return Object.fromEntries(this.#flags);
  }

  #addAll(programs: Iterable<string>): boolean {
    let added = false;
    for (const program of programs) {
      if (this.#flags.has(program)) continue;
      this.#flags.set(program, false);
      added = true;
    }
    return added;
  }

  #save(): void {
    this.#store.save(this.snapshot());
  }
}
