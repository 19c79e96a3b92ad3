export * from './panel.js';
export * from './frequency.js';
export * from './timestamps.js';
export { issueOf, type Issue, type IssueSeverity } from './issue.js';
export * from './io/index.js';
