import { v7 as uuidv7 } from 'uuid';
/**
 * Names every tab of an origin agrees on for one database. Derived from the election id
 * (`todo-widget:<database>`), so tabs whose worker URLs differ (a CDN copy and an npm copy,
 * two widget versions) still meet on the same lock and channels.
 */
export interface ElectionNames {
  /** The Web Lock whose holder runs the database. */
  readonly leaderLock: string;
  /** Held by a tab's worker for its whole life: the leader waits on it to learn the tab is gone. */
  tabLock(tab: string): string;
  /** Tabs post calls here; only the leader listens. */
  readonly requests: string;
  /** The leader posts its state (electing, ready, failed) here, to every tab. */
  readonly announcements: string;
  /** The leader's replies and live results for one tab. */
  tabChannel(tab: string): string;
}

export function electionNames(election: string): ElectionNames {
  return {
    // The name PGlite's own worker() used for this election id in releases up to 0.1 (which ran on
    // it): a tab of such a release still open during a deploy and a tab of this one never both
    // open the files.
    leaderLock: `pglite-election-lock:${election}`,
    tabLock: (tab) => `${election}:tab-alive:${tab}`,
    requests: `${election}:requests`,
    announcements: `${election}:leader`,
    tabChannel: (tab) => `${election}:tab:${tab}`,
  };
}

/** A random id for a tab's connection or a leadership term: unique enough across one origin's tabs. */
export function randomId(): string {
  // Not crypto.randomUUID: that exists only in a secure context, and a page on plain HTTP must get
  // as far as saying so (InsecureContextError), not a TypeError. uuid's v7 uses getRandomValues.
  return uuidv7();
}
