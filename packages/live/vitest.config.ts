import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default defineProject({
  test: { name: 'live', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  ...sourceConditions,
});
