export * from './table.js';
export * from './cells.js';
export * from './csv.js';
export * from './json.js';
export * from './parquet.js';
export * from './arrow.js';
export * from './readWrite.js';
export * from './toPanel.js';
