import type { PropertyDeclarations } from 'lit';
import type { StorageMode } from '../db/storage';
import type { DatabaseServices } from '../database-services';
import { DatabaseBinding } from '../controllers/database-binding';
import { TodoElement } from './todo-element';

/**
 * A TodoElement that works on a database: `database` and `storage` name it, and `services` are
 * what the page shares on it (see DatabaseBinding: asked for at each use, since a newer copy of
 * the widget may replace them).
 */
export class DatabaseElement extends TodoElement {
  static override properties: PropertyDeclarations = {
    database: {},
    storage: {},
  };

  /** Which database this element uses; unset or empty: the default one (see `configure()`). */
  declare database: string | undefined;
  /** Where its database keeps its files, if this element is the first to open it; unset: `configure()`'s choice. */
  declare storage: StorageMode | '' | undefined;

  readonly #database = new DatabaseBinding(this);

  /** The repository, unsaved work and undo history of this element's database, as they are now. */
  protected get services(): DatabaseServices {
    return this.#database.services;
  }
}
