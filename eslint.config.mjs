// See tools/ts6/eslint.config.mjs (it sits with the TypeScript 6 that typescript-eslint needs).
export { default } from './tools/ts6/eslint.config.mjs';
