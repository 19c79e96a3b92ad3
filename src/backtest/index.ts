export * from './rolling.js';
export * from './windows.js';
export * from './cvFrame.js';
