import type { WireSandbox, WireSandboxListItem } from './wire.js';

/** One version of a sandbox as the list index saw it; `item` is null while it is not listed. */
interface IndexVersion {
  /** When this version was written, in epoch milliseconds. */
  at: number;
  item: WireSandboxListItem | null;
}

/** A stored sandbox with the bookkeeping the fake needs around it. */
export interface SandboxRecord {
  /** Creation order, which breaks ties when the list sorts equal values. */
  seq: number;
  sandbox: WireSandbox;
  /** The pending step towards `sandbox.desiredState`, if one is scheduled. */
  timer?: NodeJS.Timeout;
  /** Past list-index versions, oldest first, kept for as long as the list lag needs them. */
  index: IndexVersion[];
}

/** Projects a sandbox onto the fields the list returns. */
export function toListItem(sandbox: WireSandbox): WireSandboxListItem {
  const {
    env: _env,
    networkBlockAll: _networkBlockAll,
    networkAllowList: _networkAllowList,
    domainAllowList: _domainAllowList,
    volumes: _volumes,
    buildInfo: _buildInfo,
    linkedSandboxId: _linkedSandboxId,
    ...item
  } = structuredClone(sandbox);
  return item;
}

/**
 * The fake's sandboxes across all organizations, destroyed ones included. Destroyed sandboxes
 * stay stored so tests can see everything a client ever created.
 */
export class SandboxStore {
  private readonly records = new Map<string, SandboxRecord>();
  private nextSeq = 1;

  /** Stores a new sandbox and writes its first list-index version. */
  add(sandbox: WireSandbox, now: number): SandboxRecord {
    const record: SandboxRecord = { seq: this.nextSeq, sandbox, index: [] };
    this.nextSeq += 1;
    this.records.set(sandbox.id, record);
    this.writeIndex(record, now, 0);
    return record;
  }

  /**
   * Finds a sandbox of `organizationId` that is not destroyed, trying the id first and then the
   * name, as the Daytona server does.
   */
  findLive(organizationId: string, idOrName: string): SandboxRecord | undefined {
    const byId = this.records.get(idOrName);
    if (byId !== undefined && byId.sandbox.organizationId === organizationId) {
      return byId.sandbox.state === 'destroyed' ? undefined : byId;
    }

    for (const record of this.records.values()) {
      const { sandbox } = record;
      if (
        sandbox.organizationId === organizationId &&
        sandbox.name === idOrName &&
        sandbox.state !== 'destroyed'
      ) {
        return record;
      }
    }

    return undefined;
  }

  /** Finds a sandbox by id in any organization and any state. */
  findById(id: string): SandboxRecord | undefined {
    return this.records.get(id);
  }

  /** Tells whether a live sandbox of the organization already has this name. */
  isNameTaken(organizationId: string, name: string): boolean {
    for (const { sandbox } of this.records.values()) {
      if (
        sandbox.organizationId === organizationId &&
        sandbox.name === name &&
        sandbox.state !== 'destroyed'
      ) {
        return true;
      }
    }

    return false;
  }

  /** Returns every record in creation order. */
  all(): SandboxRecord[] {
    return [...this.records.values()];
  }

  /**
   * Records a change to a sandbox: stamps `updatedAt` and writes a list-index version, keeping
   * only the versions a list lag of `lagMs` can still show.
   */
  touch(record: SandboxRecord, now: number, lagMs: number): void {
    record.sandbox.updatedAt = new Date(now).toISOString();
    this.writeIndex(record, now, lagMs);
  }

  /** Returns the list item the index showed `lagMs` ago, or null when it was not listed then. */
  indexedItem(record: SandboxRecord, now: number, lagMs: number): WireSandboxListItem | null {
    if (lagMs <= 0) {
      return record.sandbox.state === 'destroyed' ? null : toListItem(record.sandbox);
    }

    const cutoff = now - lagMs;
    let seen: WireSandboxListItem | null = null;
    for (const version of record.index) {
      if (version.at > cutoff) {
        break;
      }

      seen = version.item;
    }

    return seen;
  }

  /** Removes every sandbox and cancels their pending steps. */
  clear(): void {
    for (const record of this.records.values()) {
      clearTimeout(record.timer);
    }

    this.records.clear();
    this.nextSeq = 1;
  }

  private writeIndex(record: SandboxRecord, now: number, lagMs: number): void {
    const item = record.sandbox.state === 'destroyed' ? null : toListItem(record.sandbox);
    record.index.push({ at: now, item });

    // Drop versions that no lagged read can reach: everything before the newest version that
    // is already older than the lag.
    const cutoff = now - lagMs;
    let firstNeeded = 0;
    for (let i = 0; i < record.index.length; i += 1) {
      const version = record.index[i];
      if (version !== undefined && version.at <= cutoff) {
        firstNeeded = i;
      }
    }

    record.index.splice(0, firstNeeded);
  }
}
