import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

export default defineProject({
  test: { name: 'report', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  ...sourceConditions,
});
