// The embedded widget in chromium (issue 18); the scenarios are in scenarios.mjs, shared by every engine.
import { browserSuite } from './scenarios.mjs';

browserSuite('chromium');
