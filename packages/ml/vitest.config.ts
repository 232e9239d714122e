import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default defineProject({
  test: { name: 'ml', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  ...sourceConditions,
});
