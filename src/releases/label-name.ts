import { ValidationError } from '../errors/validation-error.js';

/** The built-in label: the newest version of an agent (its is_latest row), never stored as a release. */
export const LATEST_LABEL = 'latest';

const LABEL_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

const RULE = 'must start with a lowercase letter and use only a-z, 0-9, _ and - (at most 63)';

/**
 * Checks a label name a release, canary, promote or rollback moves: `^[a-z][a-z0-9_-]{0,62}$`,
 * and not `latest`, which always means the newest version. Bad input is a ValidationError (exit 2)
 * naming `field`.
 * @example
 * checkLabelName('production'); // 'production'
 * checkLabelName('latest'); // throws: label: "latest" is reserved (it always means the newest version)
 */
export function checkLabelName(label: unknown, field = 'label'): string {
  if (typeof label !== 'string' || !LABEL_NAME.test(label)) {
    throw new ValidationError([{ field, rule: `${RULE}, got ${JSON.stringify(label)}` }], 'label');
  }
  if (label === LATEST_LABEL) {
    throw new ValidationError([{ field, rule: `"${LATEST_LABEL}" is reserved (it always means the newest version)` }], 'label');
  }
  return label;
}

/** Checks a label name to read: a stored label, or `latest`. */
export function checkReadableLabel(label: unknown, field = 'label'): string {
  return label === LATEST_LABEL ? LATEST_LABEL : checkLabelName(label, field);
}
