/**
 * Shapes of a field-level config diff.
 *
 * A diff is data first and text second: the CLI, pull-request comments and chat all render the
 * same `ConfigDiff`, so every change carries what a renderer needs (its group, both values, line
 * numbers) and nothing has to be recomputed from the two configs.
 */
import type { ConfigField, FieldGroup, JsonValue } from '../config/agent-config.js';

export type { ConfigField, FieldGroup, JsonValue };

export type DiffOp = 'equal' | 'insert' | 'delete';

/** A run of text from a word-level diff. `{ op: 'equal', text: '…' }` also marks a gap between hunks. */
export interface WordPart {
  op: DiffOp;
  text: string;
}

/** A whole line of a hunk, without its line ending. */
export interface HunkLine {
  op: DiffOp;
  text: string;
}

/** Inclusive, 1-based line numbers. */
export interface LineRange {
  start: number;
  end: number;
}

/**
 * One changed region of a text with up to two lines of context either side. Starts are 1-based;
 * when a side has no lines (an empty text) its start is where lines would go, as in unified diffs.
 */
export interface TextHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Line-level view, for `+`/`-` renderings. */
  lines: HunkLine[];
  /** Word-level view of the same lines; whole lines when the hunk is too large to diff by word. */
  words: WordPart[];
}

/** A scalar, a budget, an MCP server URL or a map entry. `undefined` means the key is absent on that side. */
export interface ValueChange {
  kind: 'value';
  /** Dotted path: `temperature`, `budgets.max_cost_usd_per_task`, `policy_overrides.pii`, `mcp_servers.github.url`. */
  field: string;
  group: FieldGroup;
  before: JsonValue | undefined;
  after: JsonValue | undefined;
}

/** Names added to or removed from a set-like list; order within these lists carries no meaning. */
export interface ListChange {
  kind: 'list';
  /** A field whose diff is `list` or `named_list` (tools, mcp_servers). */
  field: ConfigField;
  group: FieldGroup;
  added: string[];
  removed: string[];
}

/**
 * A free-text field. Line numbers count LF and CRLF alike, and hunk text is LF-normalized, so a
 * prompt saved on Windows diffs the same as one saved on Linux.
 */
export interface TextChange {
  kind: 'text';
  /** A field whose diff is `text` (system_prompt, description). */
  field: ConfigField;
  group: FieldGroup;
  /**
   * One range per changed block, in the new text. A pure deletion points at the new line that now
   * follows the deleted lines (the last line when they were at the end).
   */
  changedLines: LineRange[];
  /** The same blocks in the old text; a pure insertion points at the old line it went before. */
  oldChangedLines: LineRange[];
  /** Hunks flattened, with `{ op: 'equal', text: '…' }` between them. */
  words: WordPart[];
  hunks: TextHunk[];
  /** `system prompt changed at lines 14-15`. */
  summary: string;
  linesAdded: number;
  linesRemoved: number;
}

export type FieldChange = ValueChange | ListChange | TextChange;

export interface ConfigDiff {
  /** Only what changed, in `FIELD_GROUPS` order. */
  changes: FieldChange[];
  /** Top-level fields with at least one change, in `FIELD_GROUPS` order. */
  changedFields: ConfigField[];
  isEmpty: boolean;
}

export interface RenderTextOptions {
  /** ANSI green/red instead of `{+…+}`/`[-…-]` markers; for terminals only. */
  color?: boolean;
  /** First line of the output, e.g. `support_triage 41 → 42`. */
  header?: string;
}

export interface RenderMarkdownOptions {
  /** Rendered as a heading above the groups, which sit one level below it. */
  header?: string;
  /** Heading level of the header (of the groups when there is no header), so the diff nests in a document in order. Default 1. */
  level?: number;
}
