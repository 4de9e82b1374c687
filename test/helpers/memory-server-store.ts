/** Server profiles kept in memory, for tests (the app keeps them in the vault). */
import { BaseServerStore } from '../../src/main/core/servers/store'
import type { ServerProfile } from '../../src/main/core/servers/model'

/** Keeps profiles in memory. */
export class MemoryServerStore extends BaseServerStore {
  private profiles: ServerProfile[] = []

  constructor(now: () => number = Date.now) {
    super(now)
  }

  protected load(): ServerProfile[] {
    return this.profiles
  }

  protected async save(profiles: ServerProfile[]): Promise<void> {
    this.profiles = profiles.map((p) => ({ ...p }))
  }
}
