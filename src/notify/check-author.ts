import { ValidationError } from '../errors/validation-error.js';
import { authorSchema } from '../store/write-version.js';

/** Checks who adds or removes a webhook, as every write checks its author. */
export function checkAuthor(author: string): string {
  const checked = authorSchema.safeParse(author);
  if (!checked.success) throw ValidationError.fromZod(checked.error, 'webhook', ['author']);
  return checked.data;
}
