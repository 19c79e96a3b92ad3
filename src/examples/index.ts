export * from './examples.js';
export { vegaDataPath, vegaDatasetsRoot } from './vegaData.js';
