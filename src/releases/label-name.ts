import { z } from 'zod';

/** The built-in label: the newest version (agent_configs.is_latest); never stored in agent_releases. */
export const LATEST_LABEL = 'latest';

/** A label's name: lowercase, starts with a letter, at most 63 characters (like a BigQuery label). */
export const labelNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must match ^[a-z][a-z0-9_-]{0,62}$, e.g. production');
