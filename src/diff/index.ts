/**
 * Field-level diffs of agent configs: `diffConfigs` computes what changed, the renderers turn it
 * into text for terminals or Markdown for pull requests. Pure functions, no I/O.
 */
export { diffConfigs } from './diff-configs.js';
export { renderDiffMarkdown, renderDiffText } from './render-diff.js';
export type {
  ConfigDiff,
  DiffOp,
  FieldChange,
  HunkLine,
  LineRange,
  ListChange,
  RenderMarkdownOptions,
  RenderTextOptions,
  TextChange,
  TextHunk,
  ValueChange,
  WordPart,
} from './types.js';
