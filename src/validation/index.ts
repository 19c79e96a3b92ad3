export * from './validate.js';
export * from './report.js';
export type { Issue, IssueSeverity } from '../data/issue.js';
